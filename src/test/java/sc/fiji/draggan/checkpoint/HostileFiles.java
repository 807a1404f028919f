package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import net.razorvine.pickle.Pickler;

import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.tensor.StateDict;

/**
 * Test helper: hostile input files of every kind the readers meet (network pickles, torch.save ZIP
 * archives, safetensors bundles, .npy arrays, TIFF and PNG images), each a few hundred bytes to a few
 * hundred kilobytes that claim, nest or share far more than they hold; and random mutations
 * (truncation, byte flips, length-field edits) of valid files built here from a tiny random generator.
 */
final class HostileFiles {

	/** Which reader a case is for. */
	enum Reader {
		MODEL, NPY, IMAGE, TRAINING_CHECKPOINT
	}

	/** One input: its kind (a row of the report), file name and content. */
	static final class Case {

		final String kind, name;
		final Reader reader;
		final byte[] bytes;

		Case(final String kind, final String name, final Reader reader, final byte[] bytes) {
			this.kind = kind;
			this.name = name;
			this.reader = reader;
			this.bytes = bytes;
		}
	}

	private final Random rnd;
	/** Long mode: real-size bombs (1 GB of zeros, a full 20000² PNG) and many more mutations. */
	private final boolean full;
	private final int mutationsPerKind;

	HostileFiles(final long seed, final boolean full, final int mutationsPerKind) {
		this.rnd = new Random(seed);
		this.full = full;
		this.mutationsPerKind = mutationsPerKind;
	}

	// -- the tiny valid generator --

	static GeneratorConfig tinyConfig() {
		final GeneratorConfig c = new GeneratorConfig();
		c.zDim = 8;
		c.wDim = 8;
		c.imgResolution = 8;
		c.imgChannels = 1;
		c.mappingLayers = 2;
		c.channelBase = 64;
		c.channelMax = 16;
		c.numFp16Res = 0;
		c.convClamp = null;
		return c.validate();
	}

	private static Map<String, Object> tinyKwargs() {
		final GeneratorConfig c = tinyConfig();
		final Map<String, Object> mapping = new LinkedHashMap<>();
		mapping.put("num_layers", c.mappingLayers);
		final Map<String, Object> synthesis = new LinkedHashMap<>();
		synthesis.put("channel_base", c.channelBase);
		synthesis.put("channel_max", c.channelMax);
		synthesis.put("num_fp16_res", 0);
		synthesis.put("conv_clamp", null);
		final Map<String, Object> kw = new LinkedHashMap<>();
		kw.put("z_dim", c.zDim);
		kw.put("c_dim", 0);
		kw.put("w_dim", c.wDim);
		kw.put("img_resolution", c.imgResolution);
		kw.put("img_channels", c.imgChannels);
		kw.put("mapping_kwargs", new Protocol2Pickles.EasyDict(mapping));
		kw.put("synthesis_kwargs", new Protocol2Pickles.EasyDict(synthesis));
		return kw;
	}

	static StateDict tinyWeights() {
		return RandomWeights.create(tinyConfig(), 1);
	}

	/** The generator module; {@code kwargs} and extra parameters/children may be changed by the caller. */
	private static Protocol2Pickles.Module generator(final Map<String, Object> kwargs) {
		final Protocol2Pickles.Module g = Protocol2Pickles.Module.of("Generator", "class Generator(torch.nn.Module): ...\n", tinyWeights());
		g.attributes.put("_init_args", new Object[0]);
		g.attributes.put("_init_kwargs", kwargs);
		return g;
	}

	/** A generator whose embedded source makes it a StyleGAN3 network. */
	private static Protocol2Pickles.Module sg3Generator(final Map<String, Object> kwargs) {
		final Protocol2Pickles.Module g = Protocol2Pickles.Module.of("Generator", "class SynthesisInput(torch.nn.Module): ...\n", tinyWeights());
		g.attributes.put("_init_args", new Object[0]);
		g.attributes.put("_init_kwargs", kwargs);
		return g;
	}

	private static Map<String, Object> root(final Protocol2Pickles.Module g, final Protocol2Pickles.Module d) {
		final Map<String, Object> root = new LinkedHashMap<>();
		root.put("G_ema", g);
		if (d != null) root.put("D", d);
		return root;
	}

	static byte[] validPickle() throws IOException {
		return Protocol2Pickles.dumps(root(generator(tinyKwargs()), null));
	}

	static byte[] validZip() throws IOException {
		return Protocol2Pickles.torchSaveZip(root(generator(tinyKwargs()), null));
	}

	static byte[] validSafetensors(final Path dir) throws IOException {
		final Path f = dir.resolve("valid.safetensors");
		SafetensorsBundle.write(f, new Checkpoint(tinyConfig(), tinyWeights(), null, null, "tiny"));
		return Files.readAllBytes(f);
	}

	static byte[] validTrainingCheckpoint(final Path dir) throws IOException {
		final Path f = dir.resolve("train.safetensors");
		final Map<String, String> meta = new LinkedHashMap<>();
		meta.put("kimg", "1.5");
		sc.fiji.draggan.train.SafetensorsFile.write(f, tinyWeights(), meta);
		return Files.readAllBytes(f);
	}

	static byte[] validNpy(final Path dir) throws IOException {
		final Path f = dir.resolve("valid.npy");
		Npy.writeFloat32(f, new long[] { 1, 8 }, new float[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		return Files.readAllBytes(f);
	}

	static byte[] validTiff(final Path dir) throws IOException {
		final Path f = dir.resolve("valid.tif");
		final ij.process.ByteProcessor bp = new ij.process.ByteProcessor(16, 12);
		for (int i = 0; i < 16 * 12; i++) bp.set(i, i);
		if (!new ij.io.FileSaver(new ij.ImagePlus("valid", bp)).saveAsTiff(f.toString())) throw new IOException("cannot write " + f);
		return Files.readAllBytes(f);
	}

	static byte[] validPng() throws IOException {
		final java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(16, 12, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		javax.imageio.ImageIO.write(img, "png", out);
		return out.toByteArray();
	}

	// -- raw pickle pieces: one opcode sequence that pushes exactly one object --

	/** Raw opcodes spliced into a pickle written by {@link Protocol2Pickles} (which uses no memo). */
	static final class Raw {

		final byte[] ops;

		Raw(final byte[] ops) {
			this.ops = ops;
		}
	}

	static {
		Pickler.registerCustomPickler(Raw.class, (o, out, p) -> out.write(((Raw) o).ops));
	}

	private static final class Ops {

		final ByteArrayOutputStream b = new ByteArrayOutputStream();

		Ops op(final int... bytes) {
			for (final int x : bytes) b.write(x);
			return this;
		}

		Ops int4(final int v) {
			b.write(v);
			b.write(v >>> 8);
			b.write(v >>> 16);
			b.write(v >>> 24);
			return this;
		}

		Ops put(final int memo) {
			return op('r').int4(memo);
		}

		Ops get(final int memo) {
			return op('j').int4(memo);
		}

		Ops str(final String s) {
			final byte[] u = s.getBytes(StandardCharsets.UTF_8);
			op('X').int4(u.length);
			b.write(u, 0, u.length);
			return this;
		}

		Ops global(final String module, final String name) {
			final byte[] t = ("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
			b.write(t, 0, t.length);
			return this;
		}

		Ops binint(final int v) {
			return op('J').int4(v);
		}

		Ops raw(final byte[] bytes) {
			b.write(bytes, 0, bytes.length);
			return this;
		}

		Raw done() {
			return new Raw(b.toByteArray());
		}
	}

	private static final int MEMO = 1_000_000;

	/** A list holding the same list twice, {@code levels} deep: 2^levels elements when walked. */
	private static Ops memoBomb(final Ops o, final int levels) {
		o.op(']').put(MEMO).op('0');
		for (int i = 1; i <= levels; i++) o.op('(').get(MEMO + i - 1).get(MEMO + i - 1).op('l').put(MEMO + i).op('0');
		return o.get(MEMO + levels);
	}

	/** A list nested {@code depth} deep: [[[…]]]. */
	private static Ops deepList(final Ops o, final int depth) {
		for (int i = 0; i < depth; i++) o.op(']');
		for (int i = 1; i < depth; i++) o.op('a');
		return o;
	}

	/** A persistent module whose {@code _modules} are {@code a} and {@code b}, the same module one level down. */
	private static Raw moduleGraph(final int depth) {
		final Ops o = new Ops();
		for (int i = 0; i <= depth; i++) {
			o.global("torch_utils.persistence", "_reconstruct_persistent_obj");
			o.op('}', '(').str("type").str("class").str("class_name").str("Layer").str("module_src").str("");
			o.str("state").op('}', '(').str("_parameters").op('}').str("_buffers").op('}').str("_modules").op('}');
			if (i > 0) o.op('(').str("a").get(MEMO + i - 1).str("b").get(MEMO + i - 1).op('u');
			o.op('u', 'u', 0x85, 'R').put(MEMO + i);
			if (i < depth) o.op('0');
		}
		return o.done();
	}

	/** A dnnlib Network (REDUCE then BUILD with its state) pushing one object. */
	private static Ops tfNetwork(final Ops o, final String name, final Ops kwargs, final Ops components, final Ops variables) {
		o.global("dnnlib.tflib.network", "Network").op(')', 'R', '}', '(');
		o.str("version").binint(4).str("name").str(name).str("build_func_name").str("G_main");
		o.str("static_kwargs").raw(kwargs.b.toByteArray()).str("components").raw(components.b.toByteArray());
		o.str("variables").raw(variables.b.toByteArray());
		return o.op('u', 'b');
	}

	/** Networks whose components are {@code a} and {@code b}, the same network one level down. */
	private static Ops tfGraph(final int depth) {
		final Ops o = new Ops();
		for (int i = 0; i <= depth; i++) {
			final Ops comps = new Ops().op('}');
			if (i > 0) comps.op('(').str("a").get(MEMO + i - 1).str("b").get(MEMO + i - 1).op('u');
			tfNetwork(o, "n" + i, new Ops().op('}'), comps, new Ops().op(']')).put(MEMO + i);
			if (i < depth) o.op('0');
		}
		return o;
	}

	/** A TensorFlow-era pickle: the tuple (G, D, Gs) with {@code gs} in every place. */
	private static byte[] tfPickle(final Ops gs) {
		final byte[] g = gs.b.toByteArray();
		final Ops o = new Ops().op(0x80, 2).raw(g).put(MEMO - 1).get(MEMO - 1).get(MEMO - 1).op(0x87, '.');
		return o.b.toByteArray();
	}

	/** {@code _rebuild_tensor_v2} of a 64-element storage with the given size and stride. */
	private static Raw view(final long[] size, final long[] stride) throws IOException {
		final Ops o = new Ops().global("torch._utils", "_rebuild_tensor_v2").op('(');
		o.global("torch.storage", "_load_from_bytes");
		final byte[] blob = Protocol2Pickles.legacyStorageBlob(new float[64]);
		o.op('B').int4(blob.length).raw(blob).op(0x85, 'R');
		o.binint(0).op('(');
		for (final long s : size) o.op(0x8a, 8).raw(le8(s));
		o.op('t', '(');
		for (final long s : stride) o.op(0x8a, 8).raw(le8(s));
		o.op('t', 0x89, '}', 't', 'R');
		return o.done();
	}

	/** A tensor on storage {@code key} of a torch.save archive, claiming {@code numel} float32 elements. */
	private static Raw zipTensor(final String key, final int numel, final int used) {
		final Ops o = new Ops().global("torch._utils", "_rebuild_tensor_v2").op('(');
		o.op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").binint(numel).op('t', 'Q');
		o.binint(0).op('(').binint(used).op('t', '(').binint(1).op('t', 0x89, '}', 't', 'R');
		return o.done();
	}

	private static byte[] le8(final long v) {
		return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
	}

	// -- hostile files --

	List<Case> hostile(final Path dir) throws IOException {
		final List<Case> cases = new ArrayList<>();
		final int levels = full ? 60 : 40;
		// memo bombs: one list referenced twice per level
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("mapping_kwargs", memoBomb(new Ops(), levels).done());
			cases.add(model("pickle memo bomb", "bomb-in-kwargs.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("resample_filter", memoBomb(new Ops(), levels).done());
			cases.add(model("pickle memo bomb", "bomb-filter.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("evil", memoBomb(new Ops().op('}'), levels).op('N', 's').done()); // the bomb as a dict key
			cases.add(model("pickle memo bomb", "bomb-key.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		{
			final Protocol2Pickles.Module d = Protocol2Pickles.Module.of("Discriminator", "", new StateDict());
			final Map<String, Object> dkw = new LinkedHashMap<>();
			dkw.put("block_kwargs", memoBomb(new Ops(), levels).done());
			d.attributes.put("_init_kwargs", dkw);
			cases.add(model("pickle memo bomb", "bomb-d-kwargs.pkl", Protocol2Pickles.dumps(root(generator(tinyKwargs()), d))));
		}
		{ // shallower than the depth cap: the count of copied values stops it
			final Protocol2Pickles.Module d = Protocol2Pickles.Module.of("Discriminator", "", new StateDict());
			final Map<String, Object> dkw = new LinkedHashMap<>();
			dkw.put("block_kwargs", memoBomb(new Ops(), 24).done());
			d.attributes.put("_init_kwargs", dkw);
			cases.add(model("pickle memo bomb", "bomb-d-kwargs-24.pkl", Protocol2Pickles.dumps(root(generator(tinyKwargs()), d))));
		}
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("evil", memoBomb(new Ops().op(0x8f, '('), levels).op(0x90).done()); // a set of a bomb
			cases.add(model("pickle memo bomb", "bomb-set.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		// deep nesting
		for (final String key : new String[] { "synthesis_kwargs", "resample_filter", "evil" }) {
			final Map<String, Object> kw = tinyKwargs();
			kw.put(key, deepList(new Ops(), 100_000).done());
			cases.add(model("pickle deep nesting", "deep-" + key + ".pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("evil", deepList(new Ops().op('}'), 100_000).op('N', 's').done());
			cases.add(model("pickle deep nesting", "deep-key.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		// module graph walked 2^depth times
		for (final int depth : new int[] { 30, 60 }) cases.add(model("module graph", "graph-" + depth + ".pkl", insertModule(validPickle(), moduleGraph(depth))));
		// StyleGAN3 generators (recognised by their source): claims that would be laid out or filtered before any tensor check
		for (final String[] claim : new String[][] { { "mapping_kwargs", "num_layers" }, { "", "filter_size" }, { "", "conv_kernel" },
			{ "", "lrelu_upsampling" }, { "", "margin_size" }, { "", "num_layers" } }) {
			final Map<String, Object> kw = tinyKwargs();
			if (claim[0].isEmpty()) kw.put(claim[1], Integer.MAX_VALUE);
			else {
				final Map<String, Object> m = new LinkedHashMap<>();
				m.put(claim[1], Integer.MAX_VALUE);
				kw.put(claim[0], new Protocol2Pickles.EasyDict(m));
			}
			cases.add(model("stylegan3 kwargs", "sg3-" + claim[1] + ".pkl", Protocol2Pickles.dumps(root(sg3Generator(kw), null))));
		}
		{
			final Map<String, Object> kw = tinyKwargs();
			kw.put("resize", memoBomb(new Ops(), levels).done());
			cases.add(model("stylegan3 kwargs", "sg3-resize-bomb.pkl", Protocol2Pickles.dumps(root(sg3Generator(kw), null))));
		}
		// TensorFlow-era pickles: (G, D, Gs) of dnnlib Network objects
		cases.add(model("tf network", "tf-graph.pkl", tfPickle(tfGraph(30))));
		cases.add(model("tf network", "tf-kwargs-bomb.pkl", tfPickle(tfNetwork(new Ops(), "Gs", memoBomb(new Ops().op('}', '(').str("evil"), levels).op('u'),
			new Ops().op('}'), new Ops().op(']')))));
		cases.add(model("tf network", "tf-name-bomb.pkl", tfPickle(new Ops().global("dnnlib.tflib.network", "Network").op(')', 'R', '}', '(')
			.str("version").binint(4).str("name").raw(memoBomb(new Ops(), levels).b.toByteArray()).op('u', 'b'))));
		{
			final Ops variables = new Ops().op('(', '(').str("dlatent_avg").global("numpy.core.multiarray", "_reconstruct").op(')', 'R');
			variables.op('(').op('(').op(0x8a, 8).raw(le8(1L << 32)).op(0x8a, 8).raw(le8(1L << 32)).op(0x8a, 8).raw(le8(4)).op('t');
			variables.global("numpy", "dtype").str("f4").op(0x85, 'R').op(0x89).op('B').int4(16).raw(new byte[16]).op('t', 'b', 't', 'l');
			cases.add(model("tf network", "tf-array-overflow.pkl", tfPickle(tfNetwork(new Ops(), "Gs", new Ops().op('}'), new Ops().op('}'), variables))));
		}
		// tensor views
		cases.add(model("tensor view", "stride0.pkl", withParameter(view(new long[] { 1 << 29 }, new long[] { 0 }))));
		cases.add(model("tensor view", "stride0-2d.pkl", withParameter(view(new long[] { 1 << 15, 1 << 15 }, new long[] { 0, 1 }))));
		cases.add(model("tensor view", "size-overflow.pkl", withParameter(view(new long[] { 1L << 40, 1L << 40 }, new long[] { 0, 0 }))));
		cases.add(model("tensor view", "negative-stride.pkl", withParameter(view(new long[] { 4 }, new long[] { -1 }))));
		cases.add(model("tensor view", "past-storage.pkl", withParameter(view(new long[] { 65 }, new long[] { 1 }))));
		// integers and lengths
		{
			final Map<String, Object> kw = tinyKwargs();
			final byte[] big = new byte[1 << 20];
			Arrays.fill(big, (byte) 0x7f);
			kw.put("z_dim", new Ops().op(0x8b).int4(big.length).raw(big).done()); // LONG4 of 1 MB
			cases.add(model("pickle integers", "long4.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
			final byte[] digits = new byte[200_000];
			Arrays.fill(digits, (byte) '9');
			kw.put("z_dim", new Ops().op('L').raw(digits).op('L', '\n').done()); // LONG text of 200 000 digits
			cases.add(model("pickle integers", "long-text.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
			kw.put("z_dim", new Ops().op('I').raw(digits).op('\n').done());
			cases.add(model("pickle integers", "int-text.pkl", Protocol2Pickles.dumps(root(generator(kw), null))));
		}
		cases.add(model("pickle lengths", "binunicode8.pkl", bytes(0x80, 4, 0x8d, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, '.')));
		cases.add(model("pickle lengths", "binbytes8.pkl", bytes(0x80, 4, 0x8e, 0, 0, 0, 0x80, 0, 0, 0, 0, '.')));
		cases.add(model("pickle lengths", "bytearray8.pkl", bytes(0x80, 5, 0x96, 0, 0, 0, 0x80, 0, 0, 0, 0, '.')));
		cases.add(model("pickle lengths", "binstring.pkl", bytes(0x80, 2, 'T', 0xff, 0xff, 0xff, 0x7f, '.')));
		{
			final Map<String, Object> kw = tinyKwargs();
			final StringBuilder name = new StringBuilder();
			for (int i = 0; i < 300_000; i++) name.append('x');
			kw.put("evil", new Ops().global("evil", name.toString()).op(')', 'R').done());
			final Protocol2Pickles.Module g = generator(kw);
			g.children.put(name.toString(), g.children.remove("mapping"));
			cases.add(model("pickle lengths", "long-names.pkl", Protocol2Pickles.dumps(root(g, null))));
		}
		// torch.save ZIP archives
		cases.addAll(zipCases());
		// safetensors
		cases.addAll(safetensorsCases(dir));
		// .npy
		cases.add(new Case("npy header", "v2-huge-header.npy", Reader.NPY, bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0xff, 0xff, 0xff, 0x7f, '{')));
		cases.add(new Case("npy header", "v3-huge-header.npy", Reader.NPY, bytes(0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0, 0xff, 0xff, 0xff, 0xff, '{')));
		cases.add(new Case("npy header", "huge-shape.npy", Reader.NPY, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 64), }")));
		cases.add(new Case("npy header", "overflow-shape.npy", Reader.NPY, npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296), }")));
		cases.add(new Case("npy header", "negative-shape.npy", Reader.NPY, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 8), }")));
		cases.add(new Case("npy header", "bad-shape.npy", Reader.NPY, npy("{'descr': '<f4', 'fortran_order': False, 'shape': (x, 8), }")));
		cases.add(new Case("npy header", "empty-descr.npy", Reader.NPY, npy("{'descr': '', 'fortran_order': False, 'shape': (8,), }")));
		// images
		cases.add(new Case("image header", "huge.tif", Reader.IMAGE, tiff(20000, 20000, 1)));
		cases.add(new Case("image header", "huge-stack.tif", Reader.IMAGE, tiff(8192, 8192, 100)));
		cases.add(new Case("image header", "zero.tif", Reader.IMAGE, tiff(0, 100, 1)));
		cases.add(new Case("image header", "bomb.png", Reader.IMAGE, pngBomb(20000, 20000, full ? 20000 : 800)));
		cases.add(new Case("image header", "wide.png", Reader.IMAGE, pngBomb(Integer.MAX_VALUE, 1, 1)));
		return cases;
	}

	private static Case model(final String kind, final String name, final byte[] bytes) {
		return new Case(kind, name, Reader.MODEL, bytes);
	}

	private static byte[] bytes(final int... v) {
		final byte[] b = new byte[v.length];
		for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
		return b;
	}

	/** The pickle of the tiny generator with one more parameter in {@code mapping}. */
	private static byte[] withParameter(final Raw tensor) throws IOException {
		final Protocol2Pickles.Module g = generator(tinyKwargs());
		g.children.get("mapping").parameters.put("evil", tensor);
		return Protocol2Pickles.dumps(root(g, null));
	}

	/**
	 * Inserts {@code ('evil', graph)} into the first {@code _modules} OrderedDict of the pickle: after the
	 * key {@code _modules} the writer emits {@code collections.OrderedDict ) R (} then the items and
	 * {@code u}; the new item goes right after that {@code (}.
	 */
	private static byte[] insertModule(final byte[] pickle, final Raw graph) {
		final byte[] key = "_modules".getBytes(StandardCharsets.US_ASCII);
		final byte[] od = "ccollections\nOrderedDict\n)R(".getBytes(StandardCharsets.US_ASCII);
		final int k = indexOf(pickle, key, 0);
		final int at = indexOf(pickle, od, k) + od.length;
		final Ops item = new Ops().str("evil").raw(graph.ops);
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(pickle, 0, at);
		final byte[] it = item.b.toByteArray();
		out.write(it, 0, it.length);
		out.write(pickle, at, pickle.length - at);
		return out.toByteArray();
	}

	private static int indexOf(final byte[] hay, final byte[] needle, final int from) {
		outer: for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (hay[i + j] != needle[j]) continue outer;
			}
			return i;
		}
		throw new IllegalStateException("pattern not found");
	}

	private List<Case> zipCases() throws IOException {
		final List<Case> cases = new ArrayList<>();
		final int zeros = full ? 1 << 30 : 64 << 20;
		// a storage of many zeros used by a tensor, used only partly, or not used at all
		for (final String mode : new String[] { "used", "partly", "unused" }) {
			final Protocol2Pickles.Module g = generator(tinyKwargs());
			if (!"unused".equals(mode)) g.children.get("mapping").parameters.put("evil", zipTensor("bomb", zeros / 4, "used".equals(mode) ? zeros / 4 : 16));
			final Map<String, Object> root = root(g, null);
			if ("unused".equals(mode)) root.put("extra", zipTensorStorageOnly("bomb", zeros / 4));
			cases.add(model("zip bomb", "zeros-" + mode + ".zip", withZeros(Protocol2Pickles.torchSaveZip(root), "archive/data/bomb", zeros)));
		}
		// data.pkl: one endless line of a GLOBAL opcode, deflated
		{
			final ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(out)) {
				zip.putNextEntry(new ZipEntry("archive/data.pkl"));
				zip.write(new byte[] { (byte) 0x80, 2, 'c' });
				final byte[] line = new byte[1 << 20];
				Arrays.fill(line, (byte) 'a');
				for (int i = 0; i < (full ? 1024 : 64); i++) zip.write(line);
			}
			cases.add(model("zip bomb", "endless-pkl.zip", out.toByteArray()));
		}
		// declared sizes: a tiny stored data.pkl claiming 2 GB
		cases.add(model("zip sizes", "claims-2gb.zip", storedZip("archive/data.pkl", validPickleHead(), 0x7fffffffL)));
		cases.add(model("zip sizes", "claims-4gb.zip", storedZip("archive/data.pkl", validPickleHead(), 0xffffffffL)));
		{
			final byte[] z = validZip();
			cases.add(model("zip sizes", "sizes-edited.zip", editCentralSizes(z, 0x7fffffffL)));
		}
		return cases;
	}

	private static Raw zipTensorStorageOnly(final String key, final int numel) {
		return new Ops().op('(').str("storage").global("torch", "FloatStorage").str(key).str("cpu").binint(numel).op('t', 'Q').done();
	}

	private static byte[] validPickleHead() {
		return new byte[] { (byte) 0x80, 2, '}', '.' };
	}

	/** {@code zip} with one more deflated entry of {@code n} zero bytes. */
	private static byte[] withZeros(final byte[] zip, final String name, final int n) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
			z.setLevel(Deflater.BEST_COMPRESSION);
			for (ZipEntry e; (e = in.getNextEntry()) != null;) {
				z.putNextEntry(new ZipEntry(e.getName()));
				final byte[] buf = new byte[1 << 16];
				for (int r; (r = in.read(buf)) > 0;) z.write(buf, 0, r);
			}
			z.putNextEntry(new ZipEntry(name));
			final byte[] chunk = new byte[1 << 20];
			for (int done = 0; done < n; done += chunk.length) z.write(chunk, 0, Math.min(chunk.length, n - done));
		}
		return out.toByteArray();
	}

	/** A ZIP with one STORED entry whose headers claim {@code claimed} bytes. */
	private static byte[] storedZip(final String name, final byte[] data, final long claimed) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ZipOutputStream z = new ZipOutputStream(out)) {
			final ZipEntry e = new ZipEntry(name);
			e.setMethod(ZipEntry.STORED);
			e.setSize(data.length);
			e.setCompressedSize(data.length);
			final CRC32 crc = new CRC32();
			crc.update(data);
			e.setCrc(crc.getValue());
			z.putNextEntry(e);
			z.write(data);
		}
		return editCentralSizes(editLocalSizes(out.toByteArray(), claimed), claimed);
	}

	private static byte[] editLocalSizes(final byte[] zip, final long size) {
		final byte[] z = zip.clone();
		for (int i = 0; i + 30 <= z.length; i++) {
			if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 3 && z[i + 3] == 4) {
				ByteBuffer.wrap(z, i + 18, 8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) size).putInt((int) size);
			}
		}
		return z;
	}

	/** Every central-directory entry claims {@code size} bytes, compressed and not. */
	private static byte[] editCentralSizes(final byte[] zip, final long size) {
		final byte[] z = zip.clone();
		for (int i = 0; i + 46 <= z.length; i++) {
			if (z[i] == 'P' && z[i + 1] == 'K' && z[i + 2] == 1 && z[i + 3] == 2) {
				final int method = (z[i + 10] & 0xff) | (z[i + 11] & 0xff) << 8;
				final ByteBuffer b = ByteBuffer.wrap(z, i + 20, 8).order(ByteOrder.LITTLE_ENDIAN);
				if (method == 0) b.putInt((int) size).putInt((int) size);
				else b.putInt(b.position() + 4, (int) size);
			}
		}
		return z;
	}

	private static List<Case> safetensorsCases(final Path dir) throws IOException {
		final List<Case> cases = new ArrayList<>();
		final String meta = "\"__metadata__\":{\"format\":\"draggan-bundle\",\"version\":\"1\",\"generator_config\":" +
			jsonString(tinyConfig().toJson()) + "}";
		final StringBuilder deep = new StringBuilder();
		for (int i = 0; i < 100_000; i++) deep.append('[');
		for (int i = 0; i < 100_000; i++) deep.append(']');
		cases.add(safetensors("safetensors JSON", "deep-header.safetensors", "{" + meta + ",\"x\":" + deep + "}", 0));
		final String deepConfig = "\"__metadata__\":{\"format\":\"draggan-bundle\",\"version\":\"1\",\"generator_config\":" +
			jsonString("{\"resampleFilter\":" + deep + "}") + "}";
		cases.add(safetensors("safetensors JSON", "deep-config.safetensors", "{" + deepConfig + "}", 0));
		final String deepD = "\"__metadata__\":{\"format\":\"draggan-bundle\",\"version\":\"1\",\"generator_config\":" +
			jsonString(tinyConfig().toJson()) + ",\"discriminator_kwargs\":" + jsonString("{\"a\":" + deep + "}") + "}";
		cases.add(safetensors("safetensors JSON", "deep-dkw.safetensors", "{" + deepD + ",\"G_ema.x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
		cases.add(safetensors("safetensors JSON", "not-json.safetensors", "{" + meta + ",\"x\":[}", 0));
		// offsets
		final String t = "\"G_ema.mapping.w_avg\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[%d,%d]}," +
			"\"G_ema.synthesis.b4.const\":{\"dtype\":\"F32\",\"shape\":[%s],\"data_offsets\":[%d,%d]}";
		cases.add(safetensors("safetensors offsets", "overlap.safetensors", "{" + meta + "," + String.format(t, 0, 32, "8", 0, 32) + "}", 32));
		cases.add(safetensors("safetensors offsets", "gap.safetensors", "{" + meta + "," + String.format(t, 0, 32, "8", 64, 96) + "}", 96));
		cases.add(safetensors("safetensors offsets", "past-end.safetensors", "{" + meta + "," + String.format(t, 0, 32, "8", 32, 64) + "}", 40));
		cases.add(safetensors("safetensors offsets", "shape-overflow.safetensors",
			"{" + meta + "," + String.format(t, 0, 32, "4294967296,4294967296,4294967296", 32, 32) + "}", 32));
		cases.add(safetensors("safetensors offsets", "huge-shape.safetensors",
			"{" + meta + "," + String.format(t, 0, 32, "536870912", 32, 2147483680L) + "}", 32));
		cases.add(safetensors("safetensors offsets", "negative.safetensors", "{" + meta + "," + String.format(t, 0, 32, "-8", -32, 0) + "}", 32));
		{
			final byte[] b = new byte[16];
			ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(99_999_999L);
			b[8] = '{';
			cases.add(model("safetensors offsets", "header-too-long.safetensors", b));
		}
		return cases;
	}

	private static String jsonString(final String s) {
		return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static Case safetensors(final String kind, final String name, final String header, final int dataBytes) {
		final byte[] h = header.getBytes(StandardCharsets.UTF_8);
		final ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(h.length).put(h);
		return model(kind, name, b.array());
	}

	private static byte[] npy(final String header) {
		final byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
		final ByteBuffer b = ByteBuffer.allocate(10 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) h.length).put(h);
		return b.array();
	}

	/** A minimal little-endian TIFF whose one IFD claims width × height × slices 8-bit pixels (and holds none). */
	static byte[] tiff(final int width, final int height, final int slices) {
		final ByteBuffer b = ByteBuffer.allocate(264).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { 'I', 'I', 42, 0 }).putInt(8);
		final int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 8 }, { 259, 3, 1 }, { 262, 3, 1 }, { 273, 4, 200 },
			{ 277, 3, 1 }, { 278, 4, height }, { 279, 4, width * height } };
		b.putShort((short) (tags.length + (slices > 1 ? 1 : 0)));
		for (final int[] t : tags) b.putShort((short) t[0]).putShort((short) t[1]).putInt(1).putInt(t[2]);
		if (slices > 1) { // ImageJ's description: images=N
			final byte[] d = ("ImageJ=1.54p\nimages=" + slices + "\nslices=" + slices + "\n\0").getBytes(StandardCharsets.US_ASCII);
			b.putShort((short) 270).putShort((short) 2).putInt(d.length).putInt(140);
			b.putInt(0);
			b.position(140);
			b.put(d);
		}
		else b.putInt(0);
		return b.array();
	}

	/** A grey PNG claiming width × height whose IDAT inflates to {@code rows} zero rows (a decompression bomb). */
	static byte[] pngBomb(final int width, final int height, final int rows) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		final ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(out, "IHDR", ihdr.array());
		final ByteArrayOutputStream idat = new ByteArrayOutputStream();
		try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(9))) {
			final long rowBytes = Math.min(1L + width, 1 << 20);
			final byte[] row = new byte[(int) rowBytes];
			for (int i = 0; i < rows; i++) z.write(row);
		}
		chunk(out, "IDAT", idat.toByteArray());
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	private static void chunk(final ByteArrayOutputStream out, final String type, final byte[] data) throws IOException {
		final byte[] t = type.getBytes(StandardCharsets.US_ASCII);
		out.write(ByteBuffer.allocate(4).putInt(data.length).array());
		out.write(t);
		out.write(data);
		final CRC32 crc = new CRC32();
		crc.update(t);
		crc.update(data);
		out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	// -- mutations of valid files --

	List<Case> mutations(final Path dir) throws IOException {
		final List<Case> cases = new ArrayList<>();
		mutate(cases, "pickle", "pkl", Reader.MODEL, validPickle());
		mutate(cases, "zip", "zip", Reader.MODEL, validZip());
		mutate(cases, "safetensors", "safetensors", Reader.MODEL, validSafetensors(dir));
		mutate(cases, "npy", "npy", Reader.NPY, validNpy(dir));
		mutate(cases, "tiff", "tif", Reader.IMAGE, validTiff(dir));
		mutate(cases, "png", "png", Reader.IMAGE, validPng());
		mutate(cases, "train checkpoint", "safetensors", Reader.TRAINING_CHECKPOINT, validTrainingCheckpoint(dir));
		return cases;
	}

	private void mutate(final List<Case> cases, final String type, final String ext, final Reader reader, final byte[] valid) {
		final String kind = "mutated " + type;
		cases.add(new Case(kind, "valid." + ext, reader, valid));
		for (int i = 0; i < mutationsPerKind; i++) {
			// truncation
			final int cut = 1 + rnd.nextInt(valid.length - 1);
			cases.add(new Case(kind, "cut" + cut + "." + ext, reader, Arrays.copyOf(valid, cut)));
			// byte flips (a few, anywhere; more often in the first kilobyte, where the structure is)
			final byte[] f = valid.clone();
			final int flips = 1 + rnd.nextInt(8);
			for (int k = 0; k < flips; k++) {
				final int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(1024, f.length)) : rnd.nextInt(f.length);
				f[at] ^= (byte) (1 << rnd.nextInt(8));
			}
			cases.add(new Case(kind, "flip" + i + "." + ext, reader, f));
			// a length field: a 4- or 8-byte little/big-endian integer overwritten with a large or negative value
			final byte[] l = valid.clone();
			final int width = rnd.nextBoolean() ? 4 : 8;
			final int at = rnd.nextInt(Math.min(l.length - width, 2048));
			final long[] values = { 0x7fffffffL, 0xffffffffL, 0x7fffffffffffffffL, -1L, 1L << 31, 1L << 40, 100_000_000L };
			final long v = values[rnd.nextInt(values.length)];
			final ByteBuffer b = ByteBuffer.wrap(l, at, width).order(rnd.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
			if (width == 4) b.putInt((int) v);
			else b.putLong(v);
			cases.add(new Case(kind, "len" + i + "." + ext, reader, l));
		}
	}
}
