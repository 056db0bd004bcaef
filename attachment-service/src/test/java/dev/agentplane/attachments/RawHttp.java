package dev.agentplane.attachments;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** HTTP spoken by hand, for answers a normal client cannot read (the server closes mid-upload). */
final class RawHttp {
    private RawHttp() {
    }

    /** Sends a chunked multipart body of up to {@code total} bytes (stops when the server closes), reads the answer. */
    static String postChunked(int port, String path, String token, long total) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nTransfer-Encoding: chunked\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            byte[] part = ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                chunk(out, part);
                byte[] block = new byte[1024 * 1024];
                for (long sent = 0; sent < total; sent += block.length) {
                    chunk(out, block);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException closedEarly) {
                // the server gave up on the body: read its answer
            }
            return read(socket.getInputStream());
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Announces a multipart body of {@code announced} bytes, sends {@code sent} of them, reads the answer. */
    static String post(int port, String path, String token, long announced, int sent) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: " + announced + "\r\n\r\n"
                    + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(new byte[sent]);
                out.flush();
            } catch (SocketException closedEarly) {
                // the server may already have answered and closed: read what it said
            }
            return read(socket.getInputStream());
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                    break;
                }
            }
        } catch (SocketException reset) {
            // a reset after the answer arrived is fine
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
