import Testing
@testable import GitHistory
