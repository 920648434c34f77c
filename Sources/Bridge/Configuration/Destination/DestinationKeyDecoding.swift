import Core
import Foundation
import SLS

/// The parts of `destination:` that need more than one key: the credential source and the signature.
extension BridgeConfigurationLoader {
    /// Reads `access_key_id`, `access_key_secret`, `security_token`, `credentials_file` and `credentials_url`, of
    /// which exactly one source may be given: the key pair (with an optional token), the file, or the URL.
    func decodeDestinationCredentials(_ section: MappingReader) -> DestinationConfiguration.Credentials? {
        let accessKeyID = section.string("access_key_id")
        let accessKeySecret = section.secret("access_key_secret", required: false,
                                             fix: "Set it to the AccessKey secret as ${SLS_ACCESS_KEY_SECRET} or with access_key_secret_file.")
        let securityToken = section.secret("security_token", required: false,
                                           fix: "Set it to the STS token as ${SLS_SECURITY_TOKEN} or with security_token_file.")
        let credentialsFile = section.string("credentials_file").map { resolve($0, in: section) }
        let credentialsURL = section.string("credentials_url")

        let hasKeyPair = accessKeyID != nil || accessKeySecret != nil || section.contains("access_key_secret_file")
        var sources: [String] = []
        if hasKeyPair { sources.append("access_key_id") }
        if credentialsFile != nil { sources.append("credentials_file") }
        if credentialsURL != nil { sources.append("credentials_url") }

        guard sources.count <= 1 else {
            section.reader.report(section.keyPath(sources[1]), "is given together with `\(sources[0])`.",
                                  fix: "Keep one credential source: an AccessKey pair, credentials_file or credentials_url.")
            return nil
        }
        if securityToken != nil && !hasKeyPair {
            section.reader.report(section.keyPath("security_token"), "is given without `access_key_id`.",
                                  fix: "Give the STS AccessKey ID and secret with the token, or use credentials_file for rotating STS credentials.")
            return nil
        }

        if let credentialsFile {
            return decodeCredentialsFile(credentialsFile, section: section)
        }
        if let credentialsURL {
            return decodeCredentialsURL(credentialsURL, section: section)
        }

        if accessKeyID?.isEmpty != false {
            section.reader.report(section.keyPath("access_key_id"), "is missing.",
                                  fix: "Set it to the AccessKey ID, usually as ${SLS_ACCESS_KEY_ID}, or set credentials_file or credentials_url for STS credentials.")
        }
        if accessKeySecret == nil && !section.contains("access_key_secret_file") && !section.contains("access_key_secret") {
            section.reader.report(section.keyPath("access_key_secret"), "is missing.",
                                  fix: "Set it to the AccessKey secret as ${SLS_ACCESS_KEY_SECRET} or with access_key_secret_file.")
        }
        guard let accessKeyID, !accessKeyID.isEmpty, let accessKeySecret else { return nil }
        return .accessKey(id: accessKeyID, secret: accessKeySecret, securityToken: securityToken)
    }

    /// Reads `signature_version` and `region`, and checks that v4 has a region and that a configured region matches
    /// the endpoint's.
    func decodeDestinationSignature(_ section: MappingReader, endpoint: String?)
        -> (scheme: DestinationConfiguration.SignatureScheme, region: String?)
    {
        let scheme = section.choice("signature_version", default: DestinationConfiguration.SignatureScheme.v1) ?? .v1
        let region = section.string("region")
        let derivedRegion = endpoint.flatMap { SLSEndpoint(host: $0).derivedRegion }

        if let region, !Self.isValidRegion(region) {
            section.reader.report(section.keyPath("region"), "is `\(region)`, which is not a region ID.",
                                  fix: "Use the region ID of the project, such as `cn-shanghai` or `ap-southeast-1`.")
        } else if let region, let derivedRegion, region != derivedRegion, let endpoint {
            section.reader.report(section.keyPath("region"), "is `\(region)`, but the endpoint \(endpoint) is in \(derivedRegion).",
                                  fix: "Remove `region` to use the endpoint's, or correct the endpoint.")
        }
        if scheme == .v4, region == nil, derivedRegion == nil, let endpoint {
            section.reader.report(section.keyPath("region"), "is missing; signature v4 needs it and the endpoint \(endpoint) names no region.",
                                  fix: "Set `region` to the project's region ID, such as `cn-shanghai`.")
        }
        return (scheme, region)
    }

    private func decodeCredentialsFile(_ path: String, section: MappingReader) -> DestinationConfiguration.Credentials? {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        let directoryExists = FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory,
                                                            isDirectory: &isDirectory) && isDirectory.boolValue
        // The agent may write the file after ehbridge starts, so only a missing folder is an error.
        guard FileManager.default.fileExists(atPath: path) || directoryExists else {
            section.reader.report(section.keyPath("credentials_file"), "names \(path), whose folder does not exist.",
                                  fix: "Give the path where the credentials agent writes the STS JSON file.")
            return nil
        }
        return .stsFile(path: path)
    }

    private func decodeCredentialsURL(_ url: String, section: MappingReader) -> DestinationConfiguration.Credentials? {
        let problems = CredentialsURLSource(url: url).validate()
        guard problems.isEmpty else {
            // The value is left out, since a URL that fails to parse can carry a password or token that no
            // redaction finds.
            section.reader.report(section.keyPath("credentials_url"), "is not an http:// or https:// URL.",
                                  fix: "Give the full URL of the credentials endpoint, such as the ECS metadata path of the RAM role.")
            return nil
        }
        return .url(url)
    }

    private func resolve(_ path: String, in section: MappingReader) -> String {
        path.hasPrefix("/") ? path : section.reader.baseDirectory + "/" + path
    }

    /// Region IDs are lowercase letters, digits and hyphens, such as `cn-hangzhou` or `ap-southeast-1`.
    static func isValidRegion(_ region: String) -> Bool {
        let bytes = Array(region.utf8)
        guard (2...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }
}
