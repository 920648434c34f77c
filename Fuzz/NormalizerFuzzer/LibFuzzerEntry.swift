/// The libFuzzer entry point: one call per generated input. libFuzzer owns the buffer for the call only.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNormalizer(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    NormalizerInvariants.check(UnsafeBufferPointer(start: start, count: count))
    return 0
}
