"""Writes one LogGroup with the official Alibaba Cloud SLS Python SDK (aliyun-log-python-sdk) to a local server.

The Swift tests use the SDK as an independent reference client. Input is one JSON object on standard input:

    {"port": 18080, "project": "proj", "logstore": "store",
     "access_key_id": "...", "access_key_secret": "...", "security_token": null,
     "auth_version": "v1", "region": "",             # "v4" needs a region
     "compress": true, "compress_type": "lz4",       # compress false sends the body uncompressed
     "hash_key": null,                               # a value writes to /shards/route?key=...
     "topic": "t", "source": "10.0.0.1", "tags": [["k", "v"]],
     "logs": [{"time": 1700000000, "time_ns": 5, "contents": [["key", "value"]]}]}

Output is one JSON object on standard output: {"ok": true, "request_id": "..."} after an accepted write, or
{"ok": false, "error_code": "...", "error_message": "...", "request_id": "..."} when the SDK raised LogException.
"""
import json
import sys

from aliyun.log import LogClient, LogException, LogItem, PutLogsRequest


def main():
    spec = json.load(sys.stdin)
    client = LogClient(
        "http://127.0.0.1:%d" % spec["port"],
        spec["access_key_id"],
        spec["access_key_secret"],
        securityToken=spec.get("security_token"),
        source=spec["source"],
        auth_version=spec.get("auth_version", "v1"),
        region=spec.get("region", ""),
    )
    # The SDK would otherwise connect to "{project}.127.0.0.1", which does not resolve. With this private flag
    # set, it connects to 127.0.0.1 and still sends "Host: {project}.127.0.0.1".
    client._isRowIp = True

    items = [
        LogItem(timestamp=log["time"], contents=[tuple(pair) for pair in log["contents"]],
                time_nano_part=log.get("time_ns"))
        for log in spec["logs"]
    ]
    request = PutLogsRequest(
        project=spec["project"],
        logstore=spec["logstore"],
        topic=spec["topic"],
        source=spec["source"],
        logitems=items,
        hashKey=spec.get("hash_key"),
        compress=spec.get("compress", True),
        logtags=[tuple(pair) for pair in spec.get("tags", [])],
        compress_type=spec.get("compress_type"),
    )

    try:
        response = client.put_logs(request)
        result = {"ok": True, "request_id": response.get_request_id()}
    except LogException as error:
        result = {
            "ok": False,
            "error_code": error.get_error_code(),
            "error_message": error.get_error_message(),
            "request_id": error.get_request_id(),
        }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
