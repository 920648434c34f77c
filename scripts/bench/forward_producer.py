"""Reference pipeline: confluent-kafka and aliyun-log-producer, the Python bindings of the SLS Rust producer.

Each record goes to the producer, which batches, compresses (lz4) and sends in the background. Offsets are
committed automatically, so this script gives at-most-once delivery: the simplest fast script a user can write.
"""
import sys

from aliyun_log_producer import Log, Producer, ProducerConfig

from reference_common import contents_of, log_time, make_consumer, parse_arguments, records_of


def main():
    arguments = parse_arguments(__doc__)
    # The producer sends to "{project}.{endpoint}"; ehbridge-bench sets HTTP_PROXY so that the requests reach the
    # local server on 127.0.0.1.
    config = ProducerConfig(
        endpoint="http://%s:%d" % (arguments.endpoint, arguments.port),
        access_key_id=arguments.access_key_id,
        access_key_secret=arguments.access_key_secret,
        compression="lz4",
    )
    consumer = make_consumer(arguments, store_offsets_manually=False)
    consumed = 0
    with Producer(config) as producer:
        writer = producer.writer(arguments.project, arguments.logstore)
        while consumed < arguments.messages:
            message = consumer.poll(1.0)
            if message is None:
                continue
            if message.error():
                print("consumer error: %s" % message.error(), file=sys.stderr, flush=True)
                continue
            consumed += 1
            kafka_time = message.timestamp()[1]
            for record in records_of(message.value()):
                seconds, nanoseconds = log_time(record, kafka_time)
                writer.send(Log(contents_of(record), time=seconds, time_ns=nanoseconds), source=arguments.endpoint)
        producer.flush()
    consumer.close()


if __name__ == "__main__":
    main()
