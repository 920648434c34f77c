"""Reference pipeline: confluent-kafka and the official SLS Python SDK, one PutLogs request per Kafka message.

This is the plainest script: for each message it turns the records into LogItems, sends them with PutLogs (lz4)
and stores the message's offset (at-least-once). It does not batch across messages, so every message costs a
request, a signature and an HTTP round trip.
"""
import sys

from aliyun.log import LogClient, LogItem, PutLogsRequest

from reference_common import contents_of, log_time, make_consumer, parse_arguments, records_of


def main():
    arguments = parse_arguments(__doc__)
    client = LogClient("http://127.0.0.1:%d" % arguments.port, arguments.access_key_id, arguments.access_key_secret)
    # The SDK would otherwise connect to "{project}.127.0.0.1", which does not resolve. With this flag it connects
    # to 127.0.0.1 and still sends "Host: {project}.127.0.0.1".
    client._isRowIp = True
    consumer = make_consumer(arguments, store_offsets_manually=True)

    consumed = 0
    while consumed < arguments.messages:
        message = consumer.poll(0.1)
        if message is None:
            continue
        if message.error():
            print("consumer error: %s" % message.error(), file=sys.stderr, flush=True)
            continue
        consumed += 1
        kafka_time = message.timestamp()[1]
        items = []
        for record in records_of(message.value()):
            seconds, nanoseconds = log_time(record, kafka_time)
            items.append(LogItem(timestamp=seconds, contents=contents_of(record), time_nano_part=nanoseconds))
        if items:
            request = PutLogsRequest(arguments.project, arguments.logstore, "", arguments.endpoint, items,
                                     compress=True, compress_type="lz4")
            client.put_logs(request)
        consumer.store_offsets(message=message)

    consumer.close()


if __name__ == "__main__":
    main()
