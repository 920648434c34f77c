import Foundation

/// Records of application platforms: AKS `kube-audit` (an audit event as JSON inside `properties.log`), App
/// Service HTTP logs (with `properties` as an object or as a JSON string) and Function App logs.
enum PlatformRecords {
    private static let kubeRequests = [
        ("get", "secrets", true), ("list", "pods", false), ("watch", "configmaps", false), ("get", "pods", true),
        ("create", "pods", true), ("patch", "deployments", true), ("list", "nodes", false), ("delete", "pods", true),
        ("update", "leases", true), ("get", "serviceaccounts", true),
    ]
    private static let namespaces = ["default", "kube-system", "payments", "monitoring", "ingress-nginx", "batch-jobs"]

    static func kubeAudit(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let request = values.random.pick(kubeRequests)
        let namespace = values.random.pick(namespaces)
        let name = "\(request.1.dropLast())-example-\(values.hex(5))"
        let isServiceAccount = values.random.chance(0.6)
        let user = values.user()
        let received = record.time.adding(milliseconds: -values.random.int(in: 1...40))
        let apiGroups = ["deployments": "apps", "leases": "coordination.k8s.io"]
        let apiGroup = apiGroups[request.1] ?? ""
        let version = apiGroup.isEmpty ? "v1" : "\(apiGroup)/v1"
        let path = request.2 ? "/\(request.1)/\(name)" : "/\(request.1)"
        let prefix = apiGroup.isEmpty ? "/api/v1" : "/apis/\(version)"
        let status = request.0 == "create" ? 201 : values.random.chance(0.9) ? 200 : 403

        var event = JSONWriter()
        event.object { e in
            e.field("kind", "Event")
            e.field("apiVersion", "audit.k8s.io/v1")
            e.field("level", values.random.chance(0.8) ? "Metadata" : "Request")
            e.field("auditID", values.guid())
            e.field("stage", "ResponseComplete")
            e.field("requestURI", "\(prefix)/namespaces/\(namespace)\(path)\(request.0 == "watch" ? "?allowWatchBookmarks=true&resourceVersion=\(values.random.int(in: 100000...999999))&watch=true" : "")")
            e.field("verb", request.0)
            e.field("user", object: { u in
                if isServiceAccount {
                    u.field("username", "system:serviceaccount:\(namespace):\(values.random.pick(["default", "controller", "operator-example"]))")
                    u.field("uid", values.stableGUID(for: "serviceaccount-" + namespace))
                    u.field("groups", array: { groups in
                        groups.element("system:serviceaccounts")
                        groups.element("system:serviceaccounts:\(namespace)")
                        groups.element("system:authenticated")
                    })
                } else {
                    u.field("username", user.upn)
                    u.field("groups", array: { groups in
                        groups.element(values.stableGUID(for: "group-" + user.upn))
                        groups.element("system:authenticated")
                    })
                }
            })
            e.field("sourceIPs", array: { $0.element(isServiceAccount ? values.privateIPv4() : values.publicIPv4()) })
            e.field("userAgent", isServiceAccount
                ? "\(values.random.pick(["kube-controller-manager", "operator-example", "prometheus"]))/v1.29.2 (linux/amd64) kubernetes/4b8e819"
                : values.random.pick(AzureValues.userAgents))
            e.field("objectRef", object: { ref in
                ref.field("resource", request.1)
                ref.field("namespace", namespace)
                if request.2 { ref.field("name", name) }
                if !apiGroup.isEmpty { ref.field("apiGroup", apiGroup) }
                ref.field("apiVersion", "v1")
            })
            e.field("responseStatus", object: { response in
                response.field("metadata", object: { _ in })
                response.field("code", status)
            })
            e.field("requestReceivedTimestamp", received.iso6Z)
            e.field("stageTimestamp", record.time.iso6Z)
            e.field("annotations", object: { annotations in
                annotations.field("authorization.k8s.io/decision", status == 403 ? "forbid" : "allow")
                annotations.field("authorization.k8s.io/reason", status == 403 ? "" : "RBAC: allowed by ClusterRoleBinding \"\(values.random.pick(["cluster-admin", "system:controller", "view-example"]))\"")
            })
        }

        writer.object { o in
            o.field("Cloud", "AzureCloud")
            o.field("Environment", "prod")
            o.field("ccpNamespace", values.stableHex(for: scope.name, digits: 24))
            o.field("category", "kube-audit")
            o.field("operationName", "Microsoft.ContainerService/managedClusters/diagnosticLogs/Read")
            o.field("resourceId", scope.resourceID)
            o.field("time", record.time.iso7Z)
            o.field("correlationId", record.correlationID)
            o.field("properties", object: { p in
                p.field("containerID", values.stableHex(for: "container-" + scope.name, digits: 64))
                p.field("pod", "kube-apiserver-\(values.stableHex(for: "pod-" + scope.name, digits: 9))-\(values.hex(5))")
                p.field("stream", "stdout")
                p.field("log", event.text + "\n")
            })
        }
    }

    private static let routes = [
        ("GET", "/api/orders"), ("GET", "/api/orders/{id}"), ("POST", "/api/orders"), ("GET", "/health"),
        ("GET", "/static/app.js"), ("PUT", "/api/customers/{id}"), ("GET", "/api/search"),
    ]

    static func appServiceHTTP(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let route = values.random.pick(routes)
        let path = route.1.replacingOccurrences(of: "{id}", with: String(values.random.int(in: 1000...99999)))
        let successStatus = route.0 == "POST" ? 201 : 200
        let status = values.random.chance(0.9) ? successStatus : values.random.pick([404, 500, 502])
        let host = "\(scope.name).azurewebsites.net"
        let client = values.publicIPv4()
        let computer = "lw0example\(values.random.int(in: 100000...100009))"
        let asString = values.random.chance(0.4)

        var properties = JSONWriter(escapesSlashes: asString)
        properties.object { p in
            p.field("CsHost", host)
            p.field("CIp", client)
            p.field("SPort", "443")
            p.field("CsUriStem", path)
            p.field("CsUriQuery", values.random.chance(0.5) ? "X-ARR-LOG-ID=\(values.guid())" : "")
            p.field("CsMethod", route.0)
            p.field("TimeTaken", values.random.int(in: 2...900))
            if asString {
                p.field("ScStatus", String(status))
            } else {
                p.field("ScStatus", status)
                p.field("ScSubStatus", "0")
                p.field("ScWin32Status", "0")
            }
            p.field("Result", status < 400 ? "Success" : "Failure")
            p.field("CsBytes", asString ? String(values.random.int(in: 200...4000)) : "\(values.random.int(in: 200...4000))")
            p.field("ScBytes", values.random.int(in: 200...60000))
            p.field("UserAgent", values.random.pick(AzureValues.userAgents).replacingOccurrences(of: " ", with: "+"))
            p.field("Cookie", "-")
            p.field("CsUsername", "-")
            p.field("Referer", values.random.chance(0.5) ? "https://\(host)/" : "-")
            p.field("ComputerName", computer.uppercased())
            p.field("Protocol", "HTTP/1.1")
        }

        writer.object { o in
            if asString {
                o.field("EventIpAddress", values.privateIPv4())
                o.field("EventPrimaryStampName", "waws-prod-example-00\(values.random.int(in: 1...4))")
                o.field("EventStampName", "waws-prod-example-00\(values.random.int(in: 1...4))")
                o.field("EventStampType", "Stamp")
                o.field("EventTime", record.time.iso7Z)
                o.field("Host", computer)
            }
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("category", "AppServiceHTTPLogs")
            o.field("correlationId", record.correlationID)
            if asString {
                o.field("properties", properties.text)
            } else {
                o.field("properties", object: { p in
                    p.field("CsMethod", route.0)
                    p.field("CsUriStem", path)
                    p.field("SPort", "443")
                    p.field("CIp", client)
                    p.field("UserAgent", values.random.pick(AzureValues.userAgents).replacingOccurrences(of: " ", with: "+"))
                    p.field("CsHost", host)
                    p.field("ScStatus", status)
                    p.field("ScSubStatus", "0")
                    p.field("ScWin32Status", "0")
                    p.field("ScBytes", values.random.int(in: 200...60000))
                    p.field("CsBytes", values.random.int(in: 200...4000))
                    p.field("TimeTaken", values.random.int(in: 2...900))
                    p.field("Result", status < 400 ? "Success" : "Failure")
                    p.field("Cookie", "-")
                    p.field("CsUriQuery", values.random.chance(0.5) ? "X-ARR-LOG-ID=\(values.guid())" : "")
                    p.field("CsUsername", "-")
                    p.field("Referer", "-")
                    p.field("ComputerName", computer.uppercased())
                })
            }
        }
    }

    private static let functionMessages = [
        "Executing 'Functions.OrderHandler' (Reason='New ServiceBus message detected on 'orders'.', Id=%ID%)",
        "Executed 'Functions.OrderHandler' (Succeeded, Id=%ID%, Duration=%MS%ms)",
        "Order handler failed\nSystem.InvalidOperationException: example failure\n   at Example.Handler.Run(OrderMessage message) in /src/Handler.cs:line 42\n   at Example.Functions.OrderHandler.RunAsync(ServiceBusReceivedMessage message, FunctionContext context) in /src/Functions/OrderHandler.cs:line 27",
        "Trigger Details: MessageId: %ID%, SequenceNumber: %MS%, DeliveryCount: 1, EnqueuedTimeUtc: 2026-03-01T10:00:00.0000000+00:00, LockedUntilUtc: 2026-03-01T10:05:00.0000000+00:00, SessionId: (null)",
        "Host lock lease acquired by instance ID '%ID%'.",
    ]

    static func functionApp(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let invocation = values.guid()
        let message = values.random.pick(functionMessages)
            .replacingOccurrences(of: "%ID%", with: invocation)
            .replacingOccurrences(of: "%MS%", with: String(values.random.int(in: 3...5000)))
        let isError = message.contains("Exception")

        writer.object { o in
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("category", "FunctionAppLogs")
            o.field("operationName", "Microsoft.Web/sites/functions/log")
            o.field("level", isError ? "Error" : "Informational")
            o.field("location", "West Europe")
            o.field("correlationId", record.correlationID)
            o.field("properties", object: { p in
                p.field("appName", scope.name)
                p.field("roleInstance", values.stableHex(for: "instance-" + scope.name, digits: 32).uppercased())
                p.field("message", message)
                p.field("category", isError ? "Function.OrderHandler" : "Host.Executor")
                p.field("hostVersion", "4.31.1.22191")
                p.field("functionInvocationId", invocation)
                p.field("functionName", "Functions.OrderHandler")
                p.field("hostInstanceId", values.stableGUID(for: "host-" + scope.name))
                p.field("level", isError ? "Error" : "Information")
                p.field("levelId", isError ? 4 : 2)
                p.field("processId", values.random.int(in: 20...90))
                p.field("eventId", isError ? 3 : 1)
                p.field("eventName", isError ? "FunctionCompleted" : "FunctionStarted")
            })
        }
    }
}
