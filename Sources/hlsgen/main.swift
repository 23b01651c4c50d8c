import Foundation
import HLSDriver

exit(CommandLineTool.main(Array(CommandLine.arguments.dropFirst())))
