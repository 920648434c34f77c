import CYAML

/// Runs libyaml's event parser over a text and hands each event to Swift code.
enum YAMLEventParser {
    /// Parses `text` and calls `body` with each event in order, from stream start to stream end.
    ///
    /// - Throws: ``YAMLError/syntax(problem:context:mark:)`` with libyaml's problem text when the text is not
    ///   valid YAML, or whatever `body` throws.
    static func forEachEvent(in text: String, _ body: (YAMLEvent) throws(YAMLError) -> Void) throws(YAMLError) {
        // libyaml 0.2.5 skips a byte order mark only while it detects the encoding, which setting UTF-8 turns off.
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }

        // libyaml asserts on a null input pointer, which an empty array may give.
        bytes.append(0)
        let length = bytes.count - 1

        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            let start = YAMLMark(line: 1, column: 1)
            throw YAMLError.syntax(problem: "libyaml could not allocate its parser", context: nil, mark: start)
        }
        defer { yaml_parser_delete(parser) }

        try bytes.withUnsafeBufferPointer { buffer throws(YAMLError) in
            // The parser reads the buffer lazily, so every parse call stays inside this closure.
            yaml_parser_set_input_string(parser, buffer.baseAddress, length)
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)

            var event = yaml_event_t()
            var finished = false
            while !finished {
                guard yaml_parser_parse(parser, &event) != 0 else {
                    throw syntaxError(of: parser.pointee, in: buffer)
                }
                finished = event.type == YAML_STREAM_END_EVENT
                let converted = convert(event)
                yaml_event_delete(&event)
                if let converted {
                    try body(converted)
                }
            }
        }
    }

    private static func convert(_ event: yaml_event_t) -> YAMLEvent? {
        let mark = convert(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_STREAM_END_EVENT:
            return .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd
        case YAML_ALIAS_EVENT:
            return .alias(anchor: string(event.data.alias.anchor) ?? "", mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { value in
                String(decoding: UnsafeBufferPointer(start: value, count: data.length), as: UTF8.self)
            }
            let scalar = YAMLScalar(text: text ?? "", style: convert(data.style), tag: string(data.tag), mark: mark)
            return .scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .sequenceStart(anchor: string(data.anchor), tag: string(data.tag), mark: mark)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .mappingStart(anchor: string(data.anchor), tag: string(data.tag), mark: mark)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd
        default:
            return nil
        }
    }

    private static func convert(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// Converts libyaml's 0-based mark to a 1-based one.
    private static func convert(_ mark: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func syntaxError(of parser: yaml_parser_t, in buffer: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "libyaml reported an error without a description"
        let context = parser.context.map { String(cString: $0) }

        // Reader errors (such as a control character) set only a byte offset. Scanner and parser errors set a mark.
        let mark: YAMLMark
        if parser.error == YAML_READER_ERROR {
            mark = self.mark(atByteOffset: parser.problem_offset, in: buffer)
        } else {
            mark = convert(parser.problem_mark)
        }
        return YAMLError.syntax(problem: problem, context: context, mark: mark)
    }

    private static func mark(atByteOffset offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> YAMLMark {
        var line = 1
        var column = 1
        for byte in buffer.prefix(min(offset, buffer.count)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // Count the first byte of each UTF-8 sequence, so columns are in Unicode scalars like libyaml's.
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }
}
