import HTTPServer

extension BridgeOperations {
    /// Starts the operations endpoint when the configuration enables it, and returns it (nil when disabled).
    ///
    /// Throws ``OperationsEndpointError`` when the configured address cannot be bound and was named
    /// explicitly (`metrics.listen`). With the default address, the failure is logged as an error and the
    /// bridge runs without the endpoint, so that a second instance on one host still forwards.
    func startEndpoint() throws(OperationsEndpointError) -> OperationsEndpoint? {
        guard configuration.enabled else { return nil }
        let endpoint = OperationsEndpoint(
            operations: self, host: configuration.host, port: configuration.port, logger: logger.child(label: "http")
        )
        do {
            let port = try endpoint.start()
            endpointPortValue.withLock { $0 = port }
            logger.info("operations endpoint listening", metadata: [
                "http.address": .string(configuration.host), "http.port": .int(port),
                "http.paths": "/metrics,/healthz,/readyz",
            ])
            return endpoint
        } catch {
            let failure = OperationsEndpointError(address: configuration.listenAddress, underlying: error)
            if configuration.isListenAddressExplicit { throw failure }
            logger.error("operations endpoint not started; the bridge runs without /metrics, /healthz and /readyz",
                         metadata: ["error": .string(failure.description)])
            return nil
        }
    }
}
