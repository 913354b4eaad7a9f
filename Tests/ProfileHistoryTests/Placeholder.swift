import Testing
@testable import ProfileHistory
