"""Shared parts of the two reference pipelines: command line, Kafka consumer and record conversion.

Both scripts forward Azure log messages from Kafka to an SLS Logstore the way a user would script it with
confluent-kafka: consume, json.loads, one log per record with each top-level field as a content (objects and
arrays as compact JSON text), the record's `time` as the log time. ehbridge-bench starts them; they print
"partitions assigned" on standard error once the consumer has its partitions, and exit after --messages messages.
"""
import argparse
import datetime
import json
import os
import sys

from confluent_kafka import Consumer


def parse_arguments(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--messages", type=int, required=True, help="exit after this many Kafka messages")
    parser.add_argument("--port", type=int, required=True, help="port of the local SLS server on 127.0.0.1")
    parser.add_argument("--endpoint", required=True, help="SLS endpoint name for the Host header")
    parser.add_argument("--project", required=True)
    parser.add_argument("--logstore", required=True)
    parser.add_argument("--access-key-id", required=True)
    parser.add_argument("--fetch-wait-max-ms", type=int, default=500,
                        help="fetch.wait.max.ms of the consumer (the bench lowers it for the mock cluster)")
    arguments = parser.parse_args()
    # The secret comes from the environment so that it never shows in a process list.
    arguments.access_key_secret = os.environ["BENCH_SLS_ACCESS_KEY_SECRET"]
    return arguments


def make_consumer(arguments, store_offsets_manually):
    """Subscribes a consumer that starts at the oldest record; reports the assignment on standard error."""
    settings = {
        "bootstrap.servers": arguments.bootstrap_servers,
        "group.id": arguments.group,
        "auto.offset.reset": "earliest",
        "fetch.wait.max.ms": arguments.fetch_wait_max_ms,
    }
    if store_offsets_manually:
        # At-least-once: offsets are stored only after the logs of their messages were sent.
        settings["enable.auto.offset.store"] = False
    consumer = Consumer(settings)

    def on_assign(consumer, partitions):
        print("partitions assigned: %d" % len(partitions), file=sys.stderr, flush=True)

    consumer.subscribe([arguments.topic], on_assign=on_assign)
    return consumer


def records_of(value):
    """Returns the records of one message value: the elements of a {"records": [...]} envelope, or the object."""
    document = json.loads(value.decode("utf-8-sig"))
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        return document["records"]
    return [document]


def contents_of(record):
    """Returns (key, text) pairs: strings as they are, everything else as compact JSON."""
    return [
        (key, value if isinstance(value, str) else json.dumps(value, separators=(",", ":"), ensure_ascii=False))
        for key, value in record.items()
    ]


def log_time(record, kafka_timestamp_ms):
    """Returns the record's `time` as (seconds, nanoseconds), falling back to the Kafka timestamp."""
    text = record.get("time")
    if isinstance(text, str):
        try:
            parsed = datetime.datetime.fromisoformat(text)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=datetime.timezone.utc)
            return int(parsed.timestamp()), parsed.microsecond * 1000
        except ValueError:
            pass
    return kafka_timestamp_ms // 1000, (kafka_timestamp_ms % 1000) * 1_000_000
