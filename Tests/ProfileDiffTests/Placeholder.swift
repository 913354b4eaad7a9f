import Testing
@testable import ProfileDiff
