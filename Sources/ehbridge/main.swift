import CLI
import Core
import Foundation

MallocArenas.limitToProcessorCount(
    environment: ProcessInfo.processInfo.environment, processorCount: ProcessInfo.processInfo.activeProcessorCount
)
CommandLineTool.main()
