import Testing
@testable import ProfileDocument
