import Core

/// The certificate and private key of an HTTPS ``HTTPServer``, both PEM text. libmicrohttpd hands them to GnuTLS,
/// which reads RSA and EC keys in PKCS #1, SEC 1 or unencrypted PKCS #8 form.
public struct HTTPServerTLS: Sendable {
    /// The server certificate, optionally followed by intermediate CA certificates.
    public var certificateChainPEM: String
    public var privateKeyPEM: Secret

    public init(certificateChainPEM: String, privateKeyPEM: Secret) {
        self.certificateChainPEM = certificateChainPEM
        self.privateKeyPEM = privateKeyPEM
    }

    /// Checks that both parts look like PEM and returns one message per problem.
    func validate() -> [String] {
        var problems: [String] = []
        if !certificateChainPEM.contains("-----BEGIN CERTIFICATE-----") {
            problems.append("tls: the certificate is not PEM text; give a -----BEGIN CERTIFICATE----- block")
        }
        if !privateKeyPEM.revealed().contains("PRIVATE KEY-----") {
            problems.append("tls: the private key is not PEM text; give an unencrypted -----BEGIN PRIVATE KEY----- block")
        }
        return problems
    }
}
