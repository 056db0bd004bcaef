package dev.agentplane.attachments.text;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Pulls text out of PDFs (PDFBox) and UTF-8 text files, never more than a cap of characters. */
public final class TextExtractor {

    private TextExtractor() {
    }

    /** Reads at most {@code maxChars} characters of a UTF-8 text stream. */
    public static Result plain(InputStream in, int maxChars) throws IOException {
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                int room = maxChars - text.length();
                if (n > room) {
                    text.append(buffer, 0, room);
                    return new Result(text.toString(), true);
                }
                text.append(buffer, 0, n);
            }
        }
        return new Result(stripBom(text.toString()), false);
    }

    /** Text of the first {@code maxPages} pages, at most {@code maxChars} characters. */
    public static Result pdf(Path file, int maxPages, int maxChars) throws IOException {
        // a temp-file stream cache keeps large PDFs' objects off the heap
        try (PDDocument doc = Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
                IOUtils.createTempFileOnlyStreamCache())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            int pages = doc.getNumberOfPages();
            StringBuilder text = new StringBuilder();
            boolean truncated = pages > maxPages;
            for (int page = 1; page <= Math.min(pages, maxPages); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                if (page > 1) {
                    // a form feed between pages: knowledge-service numbers a chunk's page by them (citations)
                    text.append('\f');
                }
                text.append(stripper.getText(doc));
                if (text.length() > maxChars) {
                    text.setLength(maxChars);
                    truncated = true;
                    break;
                }
            }
            return new Result(text.toString().strip(), truncated);
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Extracted text and whether a cap cut it short. */
    public record Result(String text, boolean truncated) {
    }
}
