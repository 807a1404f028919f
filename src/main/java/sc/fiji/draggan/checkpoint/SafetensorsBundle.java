package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;

import sc.fiji.draggan.tensor.TensorData;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import sc.fiji.draggan.io.AtomicFiles;
import sc.fiji.draggan.io.JsonDepth;
import sc.fiji.draggan.io.Messages;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * Our own model bundle: a standard {@code .safetensors} file (8-byte little-endian header length,
 * JSON header, raw little-endian tensor data) that numpy/PyTorch users can open with the
 * {@code safetensors} package. Tensors are float32 ({@code F32}), named {@code G_ema.<name>} and
 * {@code D.<name>} in state-dict order; {@code __metadata__} holds {@code format=draggan-bundle},
 * {@code version=1}, {@code generator_config} ({@link GeneratorConfig#toJson()}) and, with a
 * discriminator, {@code discriminator_kwargs} (JSON).
 * <p>
 * Hand-written with Gson rather than DJL's {@code NDList.encode/decode(SAFETENSORS)}: DJL 0.36 neither
 * writes nor returns {@code __metadata__}, needs native NDArrays (an engine) for every tensor, keeps
 * header order arbitrary and reads the whole data section into one {@code byte[]} (int offsets).
 * Reading also accepts F16, BF16 and F64 tensors (converted to float32).
 */
public final class SafetensorsBundle {

	private SafetensorsBundle() {}

	public static final String FORMAT = "draggan-bundle";
	public static final String VERSION = "1";
	static final String G_PREFIX = "G_ema.", D_PREFIX = "D.";
	/** The safetensors reference implementation refuses headers above 100 MB. */
	private static final long MAX_HEADER = 100_000_000L;
	private static final int CHUNK = 1 << 20;
	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	/** Writes {@code ckpt} to {@code path} (via a temporary file in the same folder, then renamed). */
	public static void write(final Path path, final Checkpoint ckpt) throws IOException {
		final Map<String, TensorData> tensors = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : ckpt.generator().asMap().entrySet()) tensors.put(G_PREFIX + e.getKey(), e.getValue());
		if (ckpt.discriminator() != null) {
			for (final Map.Entry<String, TensorData> e : ckpt.discriminator().asMap().entrySet()) tensors.put(D_PREFIX + e.getKey(), e.getValue());
		}
		final JsonObject header = new JsonObject();
		final JsonObject meta = new JsonObject();
		meta.addProperty("format", FORMAT);
		meta.addProperty("version", VERSION);
		meta.addProperty("generator_config", ckpt.generatorConfig().toJson());
		// also inside generator_config; plain keys for other readers of the bundle
		meta.addProperty("family", ckpt.generatorConfig().family);
		meta.addProperty("img_height", Integer.toString(ckpt.generatorConfig().imgHeight()));
		meta.addProperty("img_width", Integer.toString(ckpt.generatorConfig().imgWidth()));
		if (ckpt.discriminator() != null && ckpt.discriminatorKwargs() != null)
			meta.addProperty("discriminator_kwargs", PlainValues.toJson(ckpt.discriminatorKwargs()));
		header.add("__metadata__", meta);
		long offset = 0;
		for (final Map.Entry<String, TensorData> e : tensors.entrySet()) {
			final JsonObject t = new JsonObject();
			t.addProperty("dtype", "F32");
			final JsonArray shape = new JsonArray();
			for (final long s : e.getValue().shape()) shape.add(s);
			t.add("shape", shape);
			final JsonArray offsets = new JsonArray();
			offsets.add(offset);
			offset += 4L * e.getValue().size();
			offsets.add(offset);
			t.add("data_offsets", offsets);
			header.add(e.getKey(), t);
		}
		final StringBuilder json = new StringBuilder(GSON.toJson(header));
		while (json.length() % 8 != 0) json.append(' '); // data start aligned to 8 bytes, as the reference writer does
		final byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);

		AtomicFiles.write(path, (AtomicFiles.Content) tmp -> {
			try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
				buf.putLong(headerBytes.length).flip();
				drain(ch, buf);
				ch.write(ByteBuffer.wrap(headerBytes));
				buf.clear();
				final FloatBuffer fb = buf.asFloatBuffer(); // a little-endian view of the whole chunk
				for (final TensorData t : tensors.values()) {
					final float[] d = t.data();
					for (int i = 0; i < d.length; i += CHUNK / 4) {
						final int n = Math.min(CHUNK / 4, d.length - i);
						fb.clear();
						fb.put(d, i, n);
						buf.clear().limit(4 * n);
						drain(ch, buf);
					}
				}
			}
		});
	}

	/** Writes the buffer from its position to its limit. */
	private static void drain(final FileChannel ch, final ByteBuffer buf) throws IOException {
		while (buf.hasRemaining()) ch.write(buf);
	}

	public static Checkpoint read(final Path path) throws IOException {
		ModelFiles.requireFile(path);
		final String what = path.toString();
		try {
			return readBundle(path, what);
		}
		catch (final OutOfMemoryError e) {
			throw ModelFiles.outOfMemory(what, Files.size(path));
		}
		catch (final RuntimeException | StackOverflowError e) {
			throw ModelFiles.corrupt(what, e, 8, Files.size(path));
		}
	}

	private static Checkpoint readBundle(final Path path, final String what) throws IOException {
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			final long size = ch.size();
			final ReadBudget budget = ReadBudget.forFile(size, what);
			if (size < 8) throw ModelFiles.corrupt(what, new IOException("shorter than a safetensors header"), size, size);
			final ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			readFully(ch, lenBuf, 0, what, size);
			final long headerLen = lenBuf.getLong(0);
			if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8)
				throw ModelFiles.corrupt(what, new IOException("header length " + headerLen + " does not fit the file"), 8, size);
			final ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
			readFully(ch, hb, 8, what, size);
			final JsonObject header;
			try {
				final String text = new String(hb.array(), StandardCharsets.UTF_8);
				JsonDepth.check(text, 4); // {name: {shape: [...]}}, __metadata__: {key: string}
				header = JsonParser.parseString(text).getAsJsonObject();
			}
			catch (final JsonParseException | IllegalStateException | IllegalArgumentException e) {
				throw ModelFiles.corrupt(what, new IOException("unreadable JSON header: " + Messages.of(e)), 8, size);
			}
			final long dataStart = 8 + headerLen;
			final Map<String, String> meta = metadata(header, what);
			if (!FORMAT.equals(meta.get("format")) || !meta.containsKey("generator_config"))
				throw new IOException(what + " is not a StyleGAN2 generator checkpoint (no G_ema generator_config in its safetensors " +
					"metadata; expected a Drag GAN bundle written by 'draggan convert')");
			if (!VERSION.equals(meta.get("version")))
				throw new IOException(what + " is a Drag GAN bundle of version " + Messages.clip(meta.get("version"), 20) + ", this reader knows version " + VERSION);
			final GeneratorConfig config;
			final Map<String, Object> dkw;
			try {
				config = GeneratorConfig.fromJson(meta.get("generator_config"));
				dkw = meta.containsKey("discriminator_kwargs") ? PlainValues.fromJson(meta.get("discriminator_kwargs")) : null;
			}
			catch (final JsonParseException | IllegalStateException | IllegalArgumentException | NullPointerException e) {
				throw new IOException(what + ": bad metadata in the bundle (" + Messages.of(e) + ")");
			}
			final List<Entry> entries = new ArrayList<>();
			for (final Map.Entry<String, JsonElement> e : header.entrySet()) {
				if (!"__metadata__".equals(e.getKey())) entries.add(entry(e.getKey(), e.getValue(), size, what));
			}
			checkLayout(entries, size - dataStart, what, size);
			final StateDict g = new StateDict(), d = new StateDict();
			final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
			for (final Entry e : entries) {
				final boolean isG = e.name.startsWith(G_PREFIX), isD = e.name.startsWith(D_PREFIX);
				if (!isG && !isD) continue;
				budget.charge(ReadBudget.floatBytes(e.count), "tensor " + Messages.clip(e.name, 80));
				final TensorData t = readTensor(ch, chunk, e, dataStart, size, what);
				if (isG) g.put(e.name.substring(G_PREFIX.length()), t);
				else d.put(e.name.substring(D_PREFIX.length()), t);
			}
			if (g.size() == 0) throw new IOException(what + " is not a StyleGAN2 generator checkpoint (no G_ema tensors)");
			GeneratorChecks.check(config, g, what);
			return new Checkpoint(config, g, d.size() > 0 ? d : null, d.size() > 0 ? dkw : null, what);
		}
	}

	private static Map<String, String> metadata(final JsonObject header, final String what) throws IOException {
		final Map<String, String> meta = new LinkedHashMap<>();
		final JsonElement m = header.get("__metadata__");
		if (m == null || m.isJsonNull()) return meta;
		if (!m.isJsonObject()) throw new IOException(what + ": safetensors __metadata__ is not a string map");
		for (final Map.Entry<String, JsonElement> e : m.getAsJsonObject().entrySet()) {
			if (!e.getValue().isJsonPrimitive()) throw new IOException(what + ": safetensors __metadata__ is not a string map");
			meta.put(e.getKey(), e.getValue().getAsString());
		}
		return meta;
	}

	/** One tensor of the header: name, element type and size, shape, byte range in the data section. */
	private static final class Entry {

		final String name, dtype;
		final int elem;
		final long[] shape;
		final long begin, end, count;

		Entry(final String name, final String dtype, final int elem, final long[] shape, final long begin, final long end, final long count) {
			this.name = name;
			this.dtype = dtype;
			this.elem = elem;
			this.shape = shape;
			this.begin = begin;
			this.end = end;
			this.count = count;
		}
	}

	private static Entry entry(final String name, final JsonElement info, final long size, final String what) throws IOException {
		final String shown = Messages.clip(name, 80);
		final long[] shape;
		final long begin, end;
		final String dtype;
		try {
			final JsonObject o = info.getAsJsonObject();
			dtype = o.get("dtype").getAsString();
			final JsonArray s = o.getAsJsonArray("shape");
			if (s.size() > 64) throw new IllegalArgumentException("rank " + s.size());
			shape = new long[s.size()];
			for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).getAsLong();
			final JsonArray off = o.getAsJsonArray("data_offsets");
			if (off.size() != 2) throw new IllegalArgumentException("data_offsets");
			begin = off.get(0).getAsLong();
			end = off.get(1).getAsLong();
		}
		catch (final RuntimeException e) {
			throw ModelFiles.corrupt(what, new IOException("bad header entry for " + shown), 8, size);
		}
		final int elem;
		switch (dtype) {
			case "F32": elem = 4; break;
			case "F16": case "BF16": elem = 2; break;
			case "F64": elem = 8; break;
			default: throw new IOException(what + ": tensor " + shown + " has dtype " + Messages.clip(dtype, 20) + ", only float tensors are supported");
		}
		long n = 1;
		try {
			for (final long s : shape) {
				if (s < 0) throw ModelFiles.corrupt(what, new IOException("negative shape for " + shown), 8, size);
				n = Math.multiplyExact(n, s);
			}
			if (begin < 0 || end < begin || end - begin != Math.multiplyExact(n, elem) || n > Integer.MAX_VALUE - 8)
				throw ModelFiles.corrupt(what, new IOException("data offsets of " + shown + " do not match its shape"), 8, size);
		}
		catch (final ArithmeticException e) {
			throw ModelFiles.corrupt(what, new IOException("the shape of " + shown + " overflows"), 8, size);
		}
		return new Entry(name, dtype, elem, shape, begin, end, n);
	}

	/** The tensors tile the data section exactly: no overlap, no gap, nothing past the end (as the safetensors format requires). */
	private static void checkLayout(final List<Entry> entries, final long dataLength, final String what, final long size) throws IOException {
		final List<Entry> byOffset = new ArrayList<>(entries);
		byOffset.sort((a, b) -> Long.compare(a.begin, b.begin));
		long at = 0;
		for (final Entry e : byOffset) {
			if (e.begin != at)
				throw ModelFiles.corrupt(what, new IOException("data of " + Messages.clip(e.name, 80) + (e.begin < at ? " overlaps" : " leaves a gap before it")), 8, size);
			at = e.end;
		}
		if (at > dataLength) throw ModelFiles.corrupt(what, new IOException("tensor data runs past the end of the file"), size, size);
		if (at < dataLength) throw ModelFiles.corrupt(what, new IOException((dataLength - at) + " bytes after the last tensor"), size, size);
	}

	private static TensorData readTensor(final FileChannel ch, final ByteBuffer chunk, final Entry e, final long dataStart, final long size,
		final String what) throws IOException
	{
		final long n = e.count;
		final int elem = e.elem;
		final float[] out = new float[(int) n];
		long pos = dataStart + e.begin;
		int done = 0;
		final int perChunk = CHUNK / elem;
		while (done < n) {
			final int k = (int) Math.min(perChunk, n - done);
			chunk.clear().limit(k * elem);
			readFully(ch, chunk, pos, what, size);
			chunk.flip();
			switch (e.dtype) {
				case "F32":
					chunk.asFloatBuffer().get(out, done, k);
					break;
				case "F64":
					for (int i = 0; i < k; i++) out[done + i] = (float) chunk.getDouble();
					break;
				case "F16":
					for (int i = 0; i < k; i++) out[done + i] = sc.fiji.draggan.io.Npy.halfToFloat(chunk.getShort());
					break;
				default: // BF16
					for (int i = 0; i < k; i++) out[done + i] = Float.intBitsToFloat((chunk.getShort() & 0xffff) << 16);
			}
			done += k;
			pos += (long) k * elem;
		}
		return new TensorData(e.shape, out);
	}

	private static void readFully(final FileChannel ch, final ByteBuffer buf, long pos, final String what, final long size) throws IOException {
		while (buf.hasRemaining()) {
			final int r = ch.read(buf, pos);
			if (r < 0) throw ModelFiles.corrupt(what, new IOException("unexpected end of file"), pos, size);
			pos += r;
		}
	}
}
