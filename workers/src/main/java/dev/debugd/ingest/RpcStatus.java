package dev.debugd.ingest;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** google.rpc.Status {int32 code = 1; string message = 2;} in protobuf, the body of an OTLP/HTTP failure. */
final class RpcStatus {

    private RpcStatus() {}

    static byte[] encode(int code, String message) {
        var bytes = new ByteArrayOutputStream();
        var out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
