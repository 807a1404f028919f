package sc.fiji.draggan.train;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * Minimal float32 .safetensors reader/writer for the trainer's own checkpoints (8-byte
 * little-endian header length, JSON header with dtype/shape/data_offsets and string metadata,
 * raw little-endian data).
 */
public final class SafetensorsFile {

	private SafetensorsFile() {}

	public static void write(final Path file, final StateDict tensors, final Map<String, String> metadata) throws IOException {
		final JsonObject header = new JsonObject();
		final JsonObject meta = new JsonObject();
		for (final Map.Entry<String, String> e : metadata.entrySet()) meta.addProperty(e.getKey(), e.getValue());
		header.add("__metadata__", meta);
		long offset = 0;
		for (final Map.Entry<String, TensorData> e : tensors.asMap().entrySet()) {
			final JsonObject t = new JsonObject();
			t.addProperty("dtype", "F32");
			final com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
			for (final long s : e.getValue().shape()) shape.add(s);
			t.add("shape", shape);
			final com.google.gson.JsonArray off = new com.google.gson.JsonArray();
			off.add(offset);
			offset += 4L * e.getValue().size();
			off.add(offset);
			t.add("data_offsets", off);
			header.add(e.getKey(), t);
		}
		final StringBuilder json = new StringBuilder(new Gson().toJson(header));
		while (json.length() % 8 != 0) json.append(' ');
		final byte[] hb = json.toString().getBytes(StandardCharsets.UTF_8);
		sc.fiji.draggan.io.AtomicFiles.write(file, (sc.fiji.draggan.io.AtomicFiles.StreamContent) raw -> {
			final OutputStream out = new BufferedOutputStream(raw, 1 << 16);
			out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(hb.length).array());
			out.write(hb);
			for (final TensorData t : tensors.asMap().values()) {
				final ByteBuffer bb = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
				bb.asFloatBuffer().put(t.data());
				out.write(bb.array());
			}
			out.flush();
		});
	}

	/**
	 * Reads tensors into {@code tensors} and returns the metadata. Every length is checked against the
	 * file's size before anything is allocated; any malformed content is an {@link IOException} with a
	 * one-line message.
	 */
	public static Map<String, String> read(final Path file, final StateDict tensors) throws IOException {
		try {
			return readChecked(file, tensors);
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw new IOException(file + " is not a readable training checkpoint (" + sc.fiji.draggan.io.Messages.of(e) + ")", e);
		}
	}

	private static Map<String, String> readChecked(final Path file, final StateDict tensors) throws IOException {
		final long size = Files.size(file);
		try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
			final byte[] lb = new byte[8];
			in.readFully(lb);
			final long n = ByteBuffer.wrap(lb).order(ByteOrder.LITTLE_ENDIAN).getLong();
			if (n <= 0 || n > 100_000_000 || n > size - 8) throw new IOException(file + " is not a .safetensors file (header length " + n + ")");
			final byte[] hb = new byte[(int) n];
			in.readFully(hb);
			final String text = new String(hb, StandardCharsets.UTF_8);
			sc.fiji.draggan.io.JsonDepth.check(text, 4);
			final JsonObject header = new Gson().fromJson(text, JsonObject.class);
			if (header == null) throw new IOException(file + " has an empty .safetensors header");
			final Map<String, String> meta = new LinkedHashMap<>();
			final long dataLength = size - 8 - n;
			long pos = 0;
			for (final Map.Entry<String, JsonElement> e : header.entrySet()) {
				if ("__metadata__".equals(e.getKey())) {
					for (final Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) meta.put(m.getKey(), m.getValue().getAsString());
					continue;
				}
				final String name = sc.fiji.draggan.io.Messages.clip(e.getKey(), 80);
				final JsonObject t = e.getValue().getAsJsonObject();
				if (!"F32".equals(t.get("dtype").getAsString())) throw new IOException("tensor " + name + " is not float32");
				final com.google.gson.JsonArray sh = t.getAsJsonArray("shape");
				if (sh.size() > 64) throw new IOException("tensor " + name + " has rank " + sh.size());
				final long[] shape = new long[sh.size()];
				long count = 1;
				for (int i = 0; i < shape.length; i++) {
					shape[i] = sh.get(i).getAsLong();
					if (shape[i] < 0) throw new IOException("tensor " + name + " has a negative dimension");
					count = Math.multiplyExact(count, shape[i]);
				}
				final long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong(), end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
				if (begin != pos) throw new IOException("tensors of " + file + " are not stored in header order");
				if (end < begin || end > dataLength || end - begin != Math.multiplyExact(count, 4L))
					throw new IOException("tensor " + name + " of " + file + " has data offsets that do not match its shape or the file");
				final byte[] data = new byte[(int) (end - begin)];
				in.readFully(data);
				pos = end;
				final float[] f = new float[data.length / 4];
				ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
				tensors.put(e.getKey(), new TensorData(shape, f));
			}
			return meta;
		}
	}
}
