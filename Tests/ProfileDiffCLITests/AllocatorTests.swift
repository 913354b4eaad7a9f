import CAllocator
import Testing

/// The executables allocate through jemalloc with profile-diff's settings (`Sources/CAllocator/allocator.c`).
@Suite("allocator")
struct AllocatorTests {
    @Test("jemalloc is linked in and runs with profile-diff's settings: one arena, freed pages returned in 0.3 s")
    func jemallocSettings() throws {
        var arenas: UInt32 = 0
        var size = MemoryLayout<UInt32>.size
        #expect(mallctl("opt.narenas", &arenas, &size, nil, 0) == 0)
        #expect(arenas == 1)

        var decay = 0
        size = MemoryLayout<Int>.size
        #expect(mallctl("opt.dirty_decay_ms", &decay, &size, nil, 0) == 0)
        #expect(decay == 300)

        var version: UnsafePointer<CChar>?
        size = MemoryLayout<UnsafePointer<CChar>?>.size
        #expect(mallctl("version", &version, &size, nil, 0) == 0)
        let text = try #require(version.map { String(cString: $0) })
        #expect(text.hasPrefix("5."))
    }
}
