import HLSIR

extension BoundDesign {
    /// Binds `design` (validated once, schedule resolved), reporting every problem in one
    /// line as a `DriverError` naming the design.
    public static func binding(_ design: Design) throws(DriverError) -> BoundDesign {
        do {
            return try BoundDesign.bind(design)
        } catch {
            throw DriverError("design \(design.top): " + error.problems.joined(separator: "; "))
        }
    }
}
