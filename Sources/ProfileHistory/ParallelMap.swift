import Dispatch

/// `map` over all cores, results in input order.
enum ParallelMap {
    static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        if inputs.count < 2 { return inputs.map(transform) }
        return [Output](unsafeUninitializedCapacity: inputs.count) { buffer, initialized in
            let slots = Slots(base: buffer.baseAddress)
            withoutActuallyEscaping(transform) { transform in
                DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
                    slots.base?.advanced(by: index).initialize(to: transform(inputs[index]))
                }
            }
            initialized = inputs.count
        }
    }

    /// Each iteration initialises only its own slot, so no slot is ever touched by two threads.
    private struct Slots<Output>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Output>?
    }
}
