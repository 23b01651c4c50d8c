/// Overflow-checked size arithmetic for header-derived sizes: a hostile header must give
/// an error, never a trap or a wrapped-around allocation.
enum CheckedSize {
    static func product(_ factors: Int..., file: String) throws -> Int {
        try product(factors, file: file)
    }

    static func product(_ factors: [Int], file: String) throws -> Int {
        var result = 1
        for factor in factors {
            let (value, overflow) = result.multipliedReportingOverflow(by: factor)
            if overflow { throw ModelFileError.sizeOverflow(file: file) }
            result = value
        }
        return result
    }

    static func sum(_ terms: [Int], file: String) throws -> Int {
        var result = 0
        for term in terms {
            let (value, overflow) = result.addingReportingOverflow(term)
            if overflow { throw ModelFileError.sizeOverflow(file: file) }
            result = value
        }
        return result
    }
}
