/// Data-plane records of Azure resources: Key Vault audit events and Storage blob logs.
enum ResourceRecords {
    private static let vaultOperations = [
        ("SecretGet", "secrets", 200), ("SecretGet", "secrets", 200), ("SecretList", "secrets", 200),
        ("KeySign", "keys", 200), ("KeyGet", "keys", 200), ("SecretGet", "secrets", 403), ("VaultGet", "", 200),
        ("CertificateGet", "certificates", 200), ("SecretSet", "secrets", 200), ("KeyUnwrap", "keys", 404),
    ]

    static func keyVault(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let operation = values.random.pick(vaultOperations)
        let app = values.user()
        let caller = values.random.chance(0.6) ? values.publicIPv4() : values.privateIPv4()
        let item = "\(values.random.pick(["db", "api", "tls", "storage", "signing"]))-example-\(values.random.int(in: 1...25))"

        writer.object { o in
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", operation.0)
            o.field("operationVersion", values.random.pick(["7.4", "7.5", "2016-10-01"]))
            o.field("category", "AuditEvent")
            o.field("resultType", operation.2 == 200 ? "Success" : "Failure")
            o.field("resultSignature", [200: "OK", 403: "Forbidden"][operation.2] ?? "NotFound")
            o.field("resultDescription", "")
            o.field("durationMs", String(values.random.int(in: 1...400)))
            o.field("callerIpAddress", caller)
            o.field("correlationId", record.correlationID)
            o.field("identity", object: { identity in
                identity.field("claim", object: { claim in
                    claim.field("http://schemas.microsoft.com/identity/claims/objectidentifier", app.objectID)
                    claim.field("appid", values.applicationID())
                    claim.field("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", app.upn)
                })
            })
            o.field("properties", object: { p in
                p.field("id", "https://\(scope.name).vault.azure.net/\(operation.1.isEmpty ? "" : operation.1 + "/" + item)")
                p.field("clientInfo", values.random.pick(["azsdk-net-Security.KeyVault.Secrets/4.5.0", "azsdk-python-keyvault-secrets/4.7.0", "FxVersion/4.8.9195.0"]))
                p.field("httpStatusCode", operation.2)
                p.field("requestUri", "https://\(scope.name).vault.azure.net/\(operation.1)/\(item)?api-version=7.4")
                p.field("isAccessPolicyMatch", values.random.chance(0.5))
                p.field("tlsVersion", "TLS1_2")
            })
            o.field("Level", "Informational")
            o.field("location", values.random.pick(AzureValues.regions))
        }
    }

    private static let blobOperations = [
        ("GetBlob", "StorageRead", 200), ("GetBlob", "StorageRead", 200), ("GetBlobProperties", "StorageRead", 200),
        ("PutBlob", "StorageWrite", 201), ("ListBlobs", "StorageRead", 200), ("DeleteBlob", "StorageDelete", 202),
        ("GetBlob", "StorageRead", 404), ("PutBlock", "StorageWrite", 201),
    ]

    static func storageBlob(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let operation = values.random.pick(blobOperations)
        let user = values.user()
        let container = values.random.pick(["reports", "backups", "uploads", "logs", "exports"])
        let object = "\(container)/2026/03/\(values.random.pick(["report", "export", "invoice", "backup"]))-\(values.hex(8)).\(values.random.pick(["csv", "json", "parquet", "bak"]))"
        let caller = values.random.chance(0.5) ? values.publicIPv4() : values.privateIPv4()
        let principal = user.objectID

        writer.object { o in
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("category", operation.1)
            o.field("operationName", operation.0)
            o.field("operationVersion", "2023-11-03")
            o.field("schemaVersion", "1.0")
            o.field("statusCode", operation.2)
            o.field("statusText", operation.2 < 300 ? "Success" : "BlobNotFound")
            o.field("durationMs", values.random.int(in: 1...250))
            o.field("callerIpAddress", "\(caller):\(values.port())")
            o.field("correlationId", record.correlationID)
            o.field("identity", object: { identity in
                identity.field("type", "OAuth")
                identity.field("tokenHash", values.stableHex(for: "token-" + user.upn, digits: 64).uppercased())
                identity.field("authorization", array: { list in
                    list.object { authorization in
                        authorization.field("action", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read")
                        authorization.field("roleAssignmentId", values.stableGUID(for: "assignment-" + user.upn))
                        authorization.field("roleDefinitionId", values.stableGUID(for: "blob-data-reader"))
                        authorization.field("principals", array: { principals in
                            principals.object { item in
                                item.field("id", principal)
                                item.field("type", "User")
                            }
                        })
                        authorization.field("denyAssignmentId", "")
                    }
                })
                identity.field("requester", object: { requester in
                    requester.field("appId", values.applicationID())
                    requester.field("audience", "https://storage.azure.com/")
                    requester.field("objectId", principal)
                    requester.field("tenantId", values.tenant)
                    requester.field("tokenIssuer", "https://sts.windows.net/\(values.tenant)/")
                    requester.field("upn", user.upn)
                })
            })
            o.field("location", values.random.pick(AzureValues.regions))
            o.field("properties", object: { p in
                p.field("accountName", scope.name)
                p.field("userAgentHeader", values.random.pick(AzureValues.userAgents))
                p.field("clientRequestId", values.guid())
                p.field("etag", "\"0x8DC\(values.upperHex(12))\"")
                p.field("serviceType", "blob")
                p.field("objectKey", "/\(scope.name)/\(object)")
                p.field("lastModifiedTime", record.time.adding(ticks: -Int64(values.random.int(in: 0...86_400)) * CorpusTime.ticksPerSecond).usForm)
                p.field("metricResponseType", operation.2 < 300 ? "Success" : "ClientOtherError")
                p.field("serverLatencyMs", values.random.int(in: 1...200))
                p.field("requestHeaderSize", values.random.int(in: 400...1200))
                p.field("responseHeaderSize", values.random.int(in: 200...600))
                p.field("responseBodySize", values.random.int(in: 0...5_000_000))
                p.field("tlsVersion", "TLS 1.2")
            })
            o.field("uri", "https://\(scope.name).blob.core.windows.net:443/\(object)")
            o.field("protocol", "HTTPS")
            o.field("resourceType", "Microsoft.Storage/storageAccounts/blobServices")
        }
    }
}
