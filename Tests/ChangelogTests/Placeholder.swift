import Testing
@testable import Changelog
