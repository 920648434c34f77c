"""Reference pipeline: confluent-kafka and the official SLS Python SDK (aliyun-log-python-sdk).

Batches logs like the SLS producers do (4096 logs, 512 KiB of contents or 2 s), sends each batch with PutLogs
(lz4), then stores the offsets of its messages. One thread, one request at a time, as a simple script would.
"""
import sys
import time

from aliyun.log import LogClient, LogItem, PutLogsRequest

from reference_common import contents_of, log_time, make_consumer, parse_arguments, records_of

MAX_LOGS = 4096
MAX_BYTES = 512 * 1024
LINGER_SECONDS = 2.0


def main():
    arguments = parse_arguments(__doc__)
    client = LogClient("http://127.0.0.1:%d" % arguments.port, arguments.access_key_id, arguments.access_key_secret)
    # The SDK would otherwise connect to "{project}.127.0.0.1", which does not resolve. With this flag it connects
    # to 127.0.0.1 and still sends "Host: {project}.127.0.0.1".
    client._isRowIp = True
    consumer = make_consumer(arguments, store_offsets_manually=True)

    items, pending_bytes, pending_messages = [], 0, []
    opened = time.monotonic()
    consumed = 0

    def send():
        nonlocal items, pending_bytes, pending_messages
        if items:
            request = PutLogsRequest(arguments.project, arguments.logstore, "", arguments.endpoint, items,
                                     compress=True, compress_type="lz4")
            client.put_logs(request)
        for message in pending_messages:
            consumer.store_offsets(message=message)
        items, pending_bytes, pending_messages = [], 0, []

    while consumed < arguments.messages:
        message = consumer.poll(0.1)
        if items and time.monotonic() - opened >= LINGER_SECONDS:
            send()
        if message is None:
            continue
        if message.error():
            print("consumer error: %s" % message.error(), file=sys.stderr, flush=True)
            continue
        consumed += 1
        if not items:
            opened = time.monotonic()
        kafka_time = message.timestamp()[1]
        for record in records_of(message.value()):
            seconds, nanoseconds = log_time(record, kafka_time)
            contents = contents_of(record)
            items.append(LogItem(timestamp=seconds, contents=contents, time_nano_part=nanoseconds))
            pending_bytes += sum(len(key) + len(value) for key, value in contents)
            if len(items) >= MAX_LOGS or pending_bytes >= MAX_BYTES:
                send()
        pending_messages.append(message)

    send()
    consumer.close()


if __name__ == "__main__":
    main()
