import Foundation

/// Activity Log records (Administrative and Policy categories), after the Activity Log schema for storage
/// accounts and Event Hubs: upper-case resource ids, `identity` with authorization and claims, JSON inside strings.
enum ActivityLogRecords {
    private static let operations = [
        ("MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE", "Microsoft.Compute/virtualMachines/write"),
        ("MICROSOFT.COMPUTE/VIRTUALMACHINES/START/ACTION", "Microsoft.Compute/virtualMachines/start/action"),
        ("MICROSOFT.COMPUTE/VIRTUALMACHINES/DEALLOCATE/ACTION", "Microsoft.Compute/virtualMachines/deallocate/action"),
        ("MICROSOFT.COMPUTE/VIRTUALMACHINES/EXTENSIONS/WRITE", "Microsoft.Compute/virtualMachines/extensions/write"),
        ("MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE", "Microsoft.Compute/virtualMachines/delete"),
        ("MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE", "Microsoft.Authorization/roleAssignments/write"),
    ]
    private static let roles = ["Contributor", "Owner", "Virtual Machine Contributor", "Reader", "User Access Administrator"]

    static func administrative(
        _ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues
    ) {
        let operation = values.random.pick(operations)
        let user = values.user()
        let caller = values.publicIPv4()
        let subscription = values.subscription()
        let isStart = values.random.chance(0.5)

        writer.object { o in
            o.field("RoleLocation", "West Europe")
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", operation.0)
            o.field("category", "Administrative")
            o.field("resultType", isStart ? "Start" : values.random.pick(["Success", "Success", "Failure", "Accept"]))
            o.field("resultSignature", isStart ? "Started." : values.random.pick(["Succeeded.OK", "Accepted.Created"]))
            if values.random.chance(0.5) {
                o.field("durationMs", String(values.random.int(in: 0...9000)))
            } else {
                o.field("durationMs", values.random.int(in: 0...9000))
            }
            o.field("callerIpAddress", caller)
            o.field("correlationId", record.correlationID)
            o.field("identity", object: { identity in
                identity.field("authorization", object: { authorization in
                    authorization.field("scope", scope.resourceID.lowercased())
                    authorization.field("action", operation.1)
                    authorization.field("evidence", object: { evidence in
                        evidence.field("role", values.random.pick(roles))
                        evidence.field("roleAssignmentScope", "/subscriptions/\(subscription)")
                        evidence.field("roleAssignmentId", values.stableHex(for: "assignment-" + user.upn, digits: 32))
                        evidence.field("roleDefinitionId", values.stableHex(for: "role-" + user.upn, digits: 32))
                        evidence.field("principalId", user.objectID.replacingOccurrences(of: "-", with: ""))
                        evidence.field("principalType", values.random.chance(0.7) ? "User" : "ServicePrincipal")
                    })
                })
                identity.field("claims", object: { claims in
                    let issued = Int(record.time.wholeSeconds) - values.random.int(in: 60...3000)
                    claims.field("aud", "https://management.core.windows.net/")
                    claims.field("iss", "https://sts.windows.net/\(values.tenant)/")
                    claims.field("iat", String(issued))
                    claims.field("nbf", String(issued))
                    claims.field("exp", String(issued + 4200))
                    claims.field("http://schemas.microsoft.com/claims/authnclassreference", "1")
                    claims.field("aio", values.hex(40))
                    claims.field("appid", values.applicationID())
                    claims.field("appidacr", "2")
                    claims.field("http://schemas.microsoft.com/identity/claims/objectidentifier", user.objectID)
                    claims.field("name", user.name)
                    claims.field("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", user.upn)
                    claims.field("ipaddr", caller)
                    claims.field("puid", values.stableHex(for: "puid-" + user.upn, digits: 16).uppercased())
                    claims.field("http://schemas.microsoft.com/identity/claims/tenantid", values.tenant)
                    claims.field("uti", values.hex(22))
                    claims.field("ver", "1.0")
                })
            })
            o.field("level", "Information")
            o.field("location", values.random.pick(AzureValues.regions))
            o.field("properties", object: { properties in
                properties.field("statusCode", isStart ? "Created" : values.random.pick(["OK", "Created", "Accepted"]))
                properties.field("serviceRequestId", values.guid())
                properties.field("eventCategory", "Administrative")
                properties.field("entity", scope.resourceID.lowercased())
                properties.field("message", operation.1)
                properties.field("hierarchy", "\(values.tenant)/mg-example-root/\(subscription)")
                if !isStart && values.random.chance(0.6) {
                    var body = JSONWriter()
                    body.object { response in
                        response.field("name", scope.name)
                        response.field("id", scope.resourceID.lowercased())
                        response.field("type", "Microsoft.Compute/virtualMachines")
                        response.field("location", values.random.pick(AzureValues.regions))
                        response.field("properties", object: { vm in
                            vm.field("vmId", values.guid())
                            vm.field("hardwareProfile", object: { $0.field("vmSize", values.random.pick(["Standard_D2s_v5", "Standard_B2ms", "Standard_E4s_v5"])) })
                            vm.field("provisioningState", values.random.pick(["Updating", "Succeeded", "Creating"]))
                        })
                    }
                    properties.field("responseBody", body.text)
                }
            })
        }
    }

    static func policy(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let subscription = values.subscription()
        let definition = values.guid()

        writer.object { o in
            o.field("time", record.time.iso7Offset)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", "MICROSOFT.AUTHORIZATION/POLICIES/AUDIT/ACTION")
            o.field("category", "Policy")
            o.field("resultType", "Success")
            o.field("resultSignature", "Succeeded")
            o.field("durationMs", "0")
            o.field("correlationId", record.correlationID)
            o.field("identity", object: { identity in
                identity.field("authorization", object: { authorization in
                    authorization.field("action", "Microsoft.Resources/checkPolicyCompliance/read")
                    authorization.field("scope", "/subscriptions/\(subscription)")
                })
            })
            o.field("level", "Warning")
            o.field("location", "global")
            o.field("properties", object: { properties in
                properties.field("eventCategory", "Policy")
                properties.field("isComplianceCheck", values.random.chance(0.5) ? "True" : "False")
                properties.field("resourceLocation", values.random.pick(AzureValues.regions))
                properties.field("ancestors", "mg-example-root,\(values.tenant)")
                var policies = JSONWriter()
                policies.array { list in
                    for _ in 0..<values.random.int(in: 1...2) {
                        list.object { policy in
                            policy.field("policyDefinitionId", "/providers/Microsoft.Authorization/policyDefinitions/\(definition)/")
                            policy.field("policyDefinitionName", definition)
                            policy.field("policyDefinitionEffect", values.random.pick(["Audit", "AuditIfNotExists", "Deny"]))
                            policy.field("policyAssignmentId", "/subscriptions/\(subscription)/providers/Microsoft.Authorization/policyAssignments/pa-\(values.hex(6))/")
                            policy.field("policyAssignmentName", "pa-\(values.hex(6))")
                            policy.field("policyAssignmentScope", "/subscriptions/\(subscription)")
                            policy.field("policyAssignmentParameters", "{}")
                        }
                    }
                }
                properties.field("policies", policies.text)
            })
        }
    }
}
