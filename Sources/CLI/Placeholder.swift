// Placeholder until the commands land.
public enum CommandLineTool {
    public static func main() {}
}
