import HLSModels
import XCTest

/// Pieces reasoned out from GPT-2's pattern
/// `'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
final class GPT2BPEPreTokenizerTests: XCTestCase {
    private func check(_ text: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
        let pieces = GPT2BPEPreTokenizer.pieces(text)
        XCTAssertEqual(pieces, expected, file: file, line: line)
        XCTAssertEqual(pieces.joined(), text, file: file, line: line)
    }

    func testContractions() {
        check("I'm don't we'll they've you're he'd it's",
              ["I", "'m", " don", "'t", " we", "'ll", " they", "'ve", " you", "'re", " he", "'d", " it", "'s"])
        // Case-sensitive: "'M" is punctuation then a letter run.
        check("I'M WE'LL", ["I", "'", "M", " WE", "'", "LL"])
        // A contraction matches before any letter run, even inside a word.
        check("it's'll'sup", ["it", "'s", "'ll", "'s", "up"])
        // Not a contraction: the apostrophe joins the punctuation run; curly apostrophes never.
        check("'x '''s", ["'", "x", " '''", "s"])
        check("don’t", ["don", "’", "t"])
        check("hello 'world'", ["hello", " '", "world", "'"])
        check("'", ["'"])
        check("'l", ["'", "l"])
    }

    func testLettersDigitsPunctuation() {
        check("abc123 x45", ["abc", "123", " x", "45"])
        check("1234567 89", ["1234567", " 89"])
        check("hello!!! ?", ["hello", "!!!", " ?"])
        check("<|endoftext|>", ["<|", "endoftext", "|>"])
        check("$100.50!", ["$", "100", ".", "50", "!"])
        check("Ⅻ² ½", ["Ⅻ²", " ½"])  // Nl, No, No: numbers
        check("x\u{1C}y", ["x", "\u{1C}", "y"])  // U+001C is not White_Space
    }

    func testSpaces() {
        check("a   b", ["a", "  ", " b"])
        check("trailing   ", ["trailing", "   "])
        check("   leading", ["  ", " leading"])
        check("a\n\nb", ["a", "\n", "\n", "b"])
        check("a\n\n", ["a", "\n\n"])
        check("a\tb\t\tc", ["a", "\t", "b", "\t", "\t", "c"])
        check("x \ny", ["x", " ", "\n", "y"])
        check("  \n  x", ["  \n ", " x"])
        // No-break space: whitespace, but not the ` ?` prefix.
        check("a \u{A0}b", ["a", " ", "\u{A0}", "b"])
        check("\u{3000}x", ["\u{3000}", "x"])
        check("\r\nx\r\n", ["\r", "\n", "x", "\r\n"])
        check(" ", [" "])
        check("   ", ["   "])
        check("", [])
    }

    func testNonASCII() {
        check("café naïve 東京", ["café", " naïve", " 東京"])
        check("Привет, мир!", ["Привет", ",", " мир", "!"])
        // Combining marks (Mn) are neither letters nor numbers.
        check("e\u{301}e\u{301}", ["e", "\u{301}", "e", "\u{301}"])
        // Emoji and the skin-tone modifier (Sk) are punctuation-class; ZWSP (Cf) too.
        check("emoji 😀👍🏽 ok", ["emoji", " 😀👍🏽", " ok"])
        check("zero\u{200B}width", ["zero", "\u{200B}", "width"])
        check("ǅungla ʰ", ["ǅungla", " ʰ"])  // Lt and Lm are letters
    }
}
