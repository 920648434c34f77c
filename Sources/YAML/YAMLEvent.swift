/// A libyaml parser event converted to Swift values.
enum YAMLEvent {
    case streamStart
    case streamEnd
    case documentStart(YAMLMark)
    case documentEnd
    case scalar(YAMLScalar, anchor: String?)
    case alias(anchor: String, mark: YAMLMark)
    case sequenceStart(anchor: String?, tag: String?, mark: YAMLMark)
    case sequenceEnd
    case mappingStart(anchor: String?, tag: String?, mark: YAMLMark)
    case mappingEnd
}
