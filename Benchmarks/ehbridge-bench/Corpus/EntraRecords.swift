/// Entra ID sign-in and audit records: tenant resource ids, numeric `Level`, US-form times in sign-ins, deep
/// `properties` with device, location and Conditional Access details.
enum EntraRecords {
    private static let apps = [
        "Example Portal ™", "Microsoft Azure PowerShell", "Azure Portal", "Office 365 Exchange Online",
        "Microsoft Teams", "Example Payroll", "Visual Studio Code", "Microsoft Authentication Broker",
    ]
    private static let cities = [
        ("München", "Bayern", "DE", 48.13743, 11.57549), ("Amsterdam", "Noord-Holland", "NL", 52.37403, 4.88969),
        ("Dublin", "Dublin", "IE", 53.34980, -6.26031), ("Seattle", "Washington", "US", 47.60621, -122.33207),
        ("Singapore", "Singapore", "SG", 1.35208, 103.81984), ("São Paulo", "São Paulo", "BR", -23.55052, -46.63331),
    ]
    private static let failures = [
        (0, "Other."), (50126, "Invalid username or password or invalid on-premises username or password."),
        (50074, "Strong Authentication is required."), (53003, "Access has been blocked by Conditional Access policies."),
        (50140, "This error occurred due to 'Keep me signed in' interrupt when the user was signing in."),
    ]
    private static let policies = [
        "Require MFA for admins", "Block legacy authentication", "Require compliant device",
        "Sign-in risk policy", "Require MFA for Azure management", "Block unknown locations",
    ]

    static func signIn(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let user = values.user()
        let ip = values.random.chance(0.2) ? values.ipv6() : values.publicIPv4()
        let failure = values.random.chance(0.7) ? failures[0] : values.random.pick(failures)
        let city = values.random.pick(cities)
        let app = values.random.pick(apps)

        writer.object { o in
            o.field("time", record.time.usForm)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", "Sign-in activity")
            o.field("operationVersion", "1.0")
            o.field("category", values.random.chance(0.7) ? "SignInLogs" : "NonInteractiveUserSignInLogs")
            o.field("tenantId", values.tenant)
            o.field("resultType", String(failure.0))
            o.field("resultSignature", "None")
            o.field("resultDescription", failure.1)
            o.field("durationMs", "0")
            o.field("callerIpAddress", ip)
            o.field("correlationId", record.correlationID)
            o.field("identity", user.name)
            o.field("Level", 4)
            o.field("location", city.2)
            o.field("properties", object: { p in
                p.field("id", values.guid())
                p.field("createdDateTime", record.time.adding(milliseconds: -values.random.int(in: 0...3000)).iso7Offset)
                p.field("userDisplayName", user.name)
                p.field("userPrincipalName", user.upn)
                p.field("userId", user.objectID)
                p.field("appId", values.stableGUID(for: app))
                p.field("appDisplayName", app)
                p.field("ipAddress", ip)
                p.field("clientAppUsed", values.random.pick(["Browser", "Mobile Apps and Desktop clients"]))
                p.field("userAgent", values.random.pick(AzureValues.userAgents))
                p.field("correlationId", values.guid())
                p.field("conditionalAccessStatus", values.random.pick(["success", "notApplied", "failure"]))
                p.field("isInteractive", values.random.chance(0.7))
                p.field("authenticationRequirement", values.random.pick(["singleFactorAuthentication", "multiFactorAuthentication"]))
                p.field("tokenIssuerType", "AzureAD")
                p.field("riskDetail", "none")
                p.field("riskLevelAggregated", values.random.pick(["none", "none", "low", "medium"]))
                p.field("riskLevelDuringSignIn", "none")
                p.field("riskState", "none")
                p.field("resourceDisplayName", values.random.pick(["Windows Azure Service Management API", "Microsoft Graph"]))
                p.field("resourceId", values.applicationID(among: 6))
                p.field("status", object: { status in
                    status.field("errorCode", failure.0)
                    if failure.0 != 0 { status.field("failureReason", failure.1) }
                })
                p.field("deviceDetail", object: { device in
                    device.field("deviceId", values.random.chance(0.5) ? values.stableGUID(for: "device-" + user.upn) : "")
                    device.field("displayName", values.random.chance(0.5) ? "LAPTOP-\(values.upperHex(7))" : "")
                    device.field("operatingSystem", values.random.pick(["Windows10", "MacOs", "Linux", "Ios", "Android"]))
                    device.field("browser", values.random.pick(["Edge 122.0.0", "Chrome 122.0.0", "Firefox 123.0", "Safari 17.3"]))
                    device.field("isCompliant", values.random.chance(0.6))
                    device.field("isManaged", values.random.chance(0.6))
                    device.field("trustType", values.random.pick(["Azure AD joined", "Hybrid Azure AD joined", ""]))
                })
                p.field("location", object: { location in
                    location.field("city", city.0)
                    location.field("state", city.1)
                    location.field("countryOrRegion", city.2)
                    location.field("geoCoordinates", object: { geo in
                        geo.field("latitude", String(city.3))
                        geo.field("longitude", String(city.4))
                    })
                })
                p.field("appliedConditionalAccessPolicies", array: { list in
                    for _ in 0..<values.random.int(in: 0...7) {
                        list.object { policy in
                            let policyName = values.random.pick(policies)
                            policy.field("id", values.stableGUID(for: policyName))
                            policy.field("displayName", policyName)
                            policy.field("enforcedGrantControls", array: { $0.element("Mfa") })
                            policy.field("enforcedSessionControls", array: { _ in })
                            policy.field("result", values.random.pick(["success", "notApplied", "notEnabled", "reportOnlySuccess"]))
                        }
                    }
                })
                p.field("authenticationDetails", array: { list in
                    for step in 0..<values.random.int(in: 1...3) {
                        list.object { detail in
                            let stepTime = record.time.adding(milliseconds: step * 1500)
                            detail.field("authenticationStepDateTime", stepTime.iso7Offset)
                            detail.field("authenticationMethod", step == 0 ? "Password" : values.random.pick(["Mobile app notification", "OATH verification code", "Text message"]))
                            detail.field("authenticationMethodDetail", step == 0 ? "Password Hash Sync" : "")
                            detail.field("succeeded", failure.0 == 0)
                            detail.field("authenticationStepResultDetail", failure.0 == 0 ? "Correct password" : "Invalid username or password or invalid on-premises username or password.")
                        }
                    }
                })
            })
        }
    }

    private static let auditActivities = [
        ("Add member to role", "RoleManagement", "Assign"), ("Update user", "UserManagement", "Update"),
        ("Add service principal credentials", "ApplicationManagement", "Update"),
        ("Reset password (by admin)", "UserManagement", "Reset"), ("Add member to group", "GroupManagement", "Assign"),
        ("Consent to application", "ApplicationManagement", "Assign"),
    ]

    static func audit(_ record: RecordInput, _ scope: MessageScope, _ writer: inout JSONWriter, _ values: inout AzureValues) {
        let actor = values.user()
        let target = values.user()
        let activity = values.random.pick(auditActivities)
        let ip = values.publicIPv4()
        let auditID = values.guid()

        writer.object { o in
            o.field("time", record.time.iso7Z)
            o.field("resourceId", scope.resourceID)
            o.field("operationName", activity.0)
            o.field("operationVersion", "1.0")
            o.field("category", "AuditLogs")
            o.field("tenantId", values.tenant)
            o.field("resultSignature", "None")
            o.field("durationMs", "0")
            o.field("callerIpAddress", ip)
            o.field("correlationId", record.correlationID)
            o.field("identity", actor.name)
            o.field("Level", 4)
            o.field("properties", object: { p in
                p.field("id", "Directory_\(auditID)_\(values.upperHex(5))_\(values.random.int(in: 100000...999999))")
                p.field("category", activity.1)
                p.field("correlationId", auditID)
                p.field("result", values.random.chance(0.95) ? "success" : "failure")
                p.field("resultReason", "")
                p.field("activityDisplayName", activity.0)
                p.field("activityDateTime", record.time.iso7Offset)
                p.field("loggedByService", "Core Directory")
                p.field("operationType", activity.2)
                p.field("initiatedBy", object: { initiated in
                    initiated.field("user", object: { user in
                        user.field("id", actor.objectID)
                        user.fieldNull("displayName")
                        user.field("userPrincipalName", actor.upn)
                        user.field("ipAddress", ip)
                        user.field("roles", array: { _ in })
                    })
                })
                p.field("targetResources", array: { list in
                    list.object { resource in
                        resource.field("id", target.objectID)
                        resource.fieldNull("displayName")
                        resource.field("type", "User")
                        resource.field("userPrincipalName", target.upn)
                        resource.field("modifiedProperties", array: { modified in
                            for _ in 0..<values.random.int(in: 1...4) {
                                modified.object { property in
                                    property.field("displayName", values.random.pick(["Role.DisplayName", "Role.TemplateId", "Group.DisplayName", "StrongAuthenticationMethod"]))
                                    property.field("oldValue", values.random.chance(0.5) ? "null" : "\"\(values.guid())\"")
                                    property.field("newValue", "\"\(values.random.pick(["Global Reader", "Security Reader", "Helpdesk Administrator", values.guid()]))\"")
                                }
                            }
                        })
                        resource.field("administrativeUnits", array: { _ in })
                    }
                })
                p.field("additionalDetails", array: { list in
                    list.object { detail in
                        detail.field("key", "User-Agent")
                        detail.field("value", values.random.pick(AzureValues.userAgents))
                    }
                })
            })
        }
    }
}
