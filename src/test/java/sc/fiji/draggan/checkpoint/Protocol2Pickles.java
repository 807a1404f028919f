package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;


import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import net.razorvine.pickle.Pickler;

/**
 * Test helper: writes StyleGAN2-style network pickles with Pyrolite's {@link Pickler}, which emits
 * protocol 2 (GLOBAL, BINPUT, BINUNICODE, sets as {@code __builtin__.set}; bytes are written as
 * Python 3 does at protocol 2, {@code _codecs.encode(latin-1 text, 'latin1')}), so the reader is exercised on a protocol-2 stream without Python or torch.
 * Modules, ordered dicts, EasyDicts (items before an empty BUILD), tensors, parameters, legacy storage
 * blobs and NumPy float64 scalars are written the way torch/persistence/numpy write them (docs/algorithm.md#persistent-modules, #tensors-and-storages, #reading-pickles-in-java).
 */
final class Protocol2Pickles {

	private Protocol2Pickles() {}

	/** A persistent module; the state dict is laid out from {@code tensors} by name. */
	static final class Module {

		final String className;
		final String moduleSrc;
		final Map<String, Object> attributes = new LinkedHashMap<>();
		final Map<String, Object> parameters = new LinkedHashMap<>();
		final Map<String, Object> buffers = new LinkedHashMap<>();
		final Map<String, Module> children = new LinkedHashMap<>();

		Module(final String className, final String moduleSrc) {
			this.className = className;
			this.moduleSrc = moduleSrc;
		}

		static Module of(final String className, final String moduleSrc, final StateDict tensors) {
			final Module root = new Module(className, moduleSrc);
			for (final Map.Entry<String, TensorData> e : tensors.asMap().entrySet()) {
				final String[] parts = e.getKey().split("\\.");
				Module m = root;
				for (int i = 0; i < parts.length - 1; i++) {
					Module c = m.children.get(parts[i]);
					if (c == null) m.children.put(parts[i], c = new Module("Layer", moduleSrc));
					m = c;
				}
				final String leaf = parts[parts.length - 1];
				if (StateDict.isBuffer(e.getKey())) m.buffers.put(leaf, new Tensor(e.getValue()));
				else m.parameters.put(leaf, new Parameter(new Tensor(e.getValue())));
			}
			return root;
		}
	}

	static final class Tensor {

		final TensorData data;

		Tensor(final TensorData data) {
			this.data = data;
		}
	}

	static final class Parameter {

		final Tensor tensor;

		Parameter(final Tensor tensor) {
			this.tensor = tensor;
		}
	}

	/** {@code collections.OrderedDict}: REDUCE with no arguments, then SETITEMS. */
	static final class OrderedDict extends LinkedHashMap<String, Object> {

		private static final long serialVersionUID = 1L;

		OrderedDict(final Map<String, ?> m) {
			putAll(m);
		}
	}

	/** {@code dnnlib.util.EasyDict}: NEWOBJ, SETITEMS, then BUILD with an empty dict. */
	static final class EasyDict extends LinkedHashMap<String, Object> {

		private static final long serialVersionUID = 1L;

		EasyDict(final Map<String, ?> m) {
			putAll(m);
		}
	}

	/** A {@code numpy.float64} scalar (e.g. {@code weight_gain}). */
	static final class Float64 {

		final double value;

		Float64(final double value) {
			this.value = value;
		}
	}

	/** {@code torch.FloatStorage} as written in a persistent id: the bare global. */
	private static final class FloatStorageGlobal {}

	private static final class StorageRef {}

	static {
		Pickler.registerCustomPickler(Module.class, (o, out, p) -> {
			final Module m = (Module) o;
			final Map<String, Object> state = new LinkedHashMap<>();
			state.put("training", false);
			state.put("_parameters", new OrderedDict(m.parameters));
			state.put("_buffers", new OrderedDict(m.buffers));
			state.put("_non_persistent_buffers_set", new HashSet<String>());
			state.put("_backward_hooks", new OrderedDict(new LinkedHashMap<String, Object>()));
			state.put("_modules", new OrderedDict(m.children));
			state.putAll(m.attributes);
			final Map<String, Object> meta = new LinkedHashMap<>();
			meta.put("type", "class");
			meta.put("version", 6);
			meta.put("module_src", m.moduleSrc);
			meta.put("class_name", m.className);
			meta.put("state", state);
			global(out, "torch_utils.persistence", "_reconstruct_persistent_obj");
			p.save(new Object[] { meta });
			out.write('R');
		});
		Pickler.registerCustomPickler(OrderedDict.class, (o, out, p) -> {
			global(out, "collections", "OrderedDict");
			out.write(')');
			out.write('R');
			items(out, p, (Map<?, ?>) o);
		});
		Pickler.registerCustomPickler(EasyDict.class, (o, out, p) -> {
			global(out, "dnnlib.util", "EasyDict");
			out.write(')');
			out.write(0x81); // NEWOBJ
			items(out, p, (Map<?, ?>) o);
			out.write('}');
			out.write('b'); // BUILD with an empty instance dict, after the items
		});
		Pickler.registerCustomPickler(Parameter.class, (o, out, p) -> {
			global(out, "torch._utils", "_rebuild_parameter");
			p.save(new Object[] { ((Parameter) o).tensor, false, new OrderedDict(new LinkedHashMap<String, Object>()) });
			out.write('R');
		});
		Pickler.registerCustomPickler(Tensor.class, (o, out, p) -> {
			final TensorData t = ((Tensor) o).data;
			final long[] shape = t.shape();
			final Object[] size = new Object[shape.length], stride = new Object[shape.length];
			long s = 1;
			for (int i = shape.length - 1; i >= 0; i--) {
				size[i] = shape[i];
				stride[i] = s;
				s *= shape[i];
			}
			global(out, "torch._utils", "_rebuild_tensor_v2");
			out.write('(');
			if (Protocol2Pickles.zipStorages == null) p.save(new Blob(legacyStorageBlob(t.data())));
			else { // torch.save ZIP: storage as a persistent id, bytes in data/<key> (docs/algorithm.md#torch-zip-archives)
				final String key = Integer.toString(Protocol2Pickles.zipStorages.size());
				final ByteBuffer raw = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
				raw.asFloatBuffer().put(t.data());
				Protocol2Pickles.zipStorages.put(key, raw.array());
				p.save(new Object[] { "storage", new FloatStorageGlobal(), key, "cpu", t.data().length });
				out.write('Q');
			}
			for (final Object a : new Object[] { 0, size, stride, false, new OrderedDict(new LinkedHashMap<String, Object>()) }) p.save(a);
			out.write('t');
			out.write('R');
		});
		Pickler.registerCustomPickler(Blob.class, (o, out, p) -> {
			global(out, "torch.storage", "_load_from_bytes");
			p.save(new Object[] { new Bytes(((Blob) o).bytes) });
			out.write('R');
		});
		Pickler.registerCustomPickler(Float64.class, (o, out, p) -> {
			global(out, "numpy.core.multiarray", "scalar");
			out.write('(');
			global(out, "numpy", "dtype");
			p.save(new Object[] { "f8", false, true });
			out.write('R');
			p.save(new Object[] { 3, "<", null, null, null, -1, -1, 0 });
			out.write('b');
			p.save(new Bytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(((Float64) o).value).array()));
			out.write('t');
			out.write('R');
		});
		Pickler.registerCustomPickler(Bytes.class, (o, out, p) -> {
			global(out, "_codecs", "encode");
			p.save(new Object[] { new String(((Bytes) o).bytes, StandardCharsets.ISO_8859_1), "latin1" });
			out.write('R');
		});
		Pickler.registerCustomPickler(FloatStorageGlobal.class, (o, out, p) -> global(out, "torch", "FloatStorage"));
	}

	/** Python {@code bytes}. */
	private static final class Bytes {

		final byte[] bytes;

		Bytes(final byte[] bytes) {
			this.bytes = bytes;
		}
	}

	private static final class Blob {

		final byte[] bytes;

		Blob(final byte[] bytes) {
			this.bytes = bytes;
		}
	}

	private static void global(final OutputStream out, final String module, final String name) throws IOException {
		out.write('c');
		out.write((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
	}

	private static void items(final OutputStream out, final Pickler p, final Map<?, ?> m) throws IOException {
		if (m.isEmpty()) return;
		out.write('(');
		for (final Map.Entry<?, ?> e : m.entrySet()) {
			p.save(e.getKey());
			p.save(e.getValue());
		}
		out.write('u');
	}

	/** The legacy {@code torch.save(storage)} bytes of docs/algorithm.md#tensors-and-storages. */
	static byte[] legacyStorageBlob(final float[] data) throws IOException {
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		new Pickler(false).dump(new BigInteger("1950a86a20f9469cfc6c", 16), out);
		new Pickler(false).dump(1001, out);
		final Map<String, Object> sys = new LinkedHashMap<>();
		sys.put("protocol_version", 1001);
		sys.put("little_endian", true);
		final Map<String, Object> sizes = new LinkedHashMap<>();
		sizes.put("short", 2);
		sizes.put("int", 4);
		sizes.put("long", 8);
		sys.put("type_sizes", sizes);
		new Pickler(false).dump(sys, out);
		final StorageRef ref = new StorageRef();
		new Pickler(false) {

			@Override
			protected Object persistentId(final Object o) {
				return o == ref ? new Object[] { "storage", new FloatStorageGlobal(), "94000001", "cpu", data.length, null } : null;
			}
		}.dump(ref, out);
		new Pickler(false).dump(Arrays.asList("94000001"), out);
		final ByteBuffer raw = ByteBuffer.allocate(8 + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		raw.putLong(data.length);
		raw.asFloatBuffer().put(data);
		out.write(raw.array());
		return out.toByteArray();
	}

	/** Storage bytes by key while writing a torch.save archive; null for plain pickles. */
	private static Map<String, byte[]> zipStorages;

	/** A protocol-2 pickle of {@code root} (maps, tuples, lists and the classes above). */
	static synchronized byte[] dumps(final Object root) throws IOException {
		return new Pickler(false).dumps(root);
	}

	/** A {@code torch.save}-style ZIP archive of {@code root}: archive/data.pkl, archive/data/KEY, archive/version. */
	static synchronized byte[] torchSaveZip(final Object root) throws IOException {
		zipStorages = new LinkedHashMap<>();
		try {
			final byte[] pkl = new Pickler(false).dumps(root);
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
				zip.putNextEntry(new ZipEntry("archive/data.pkl"));
				zip.write(pkl);
				for (final Map.Entry<String, byte[]> e : zipStorages.entrySet()) {
					zip.putNextEntry(new ZipEntry("archive/data/" + e.getKey()));
					zip.write(e.getValue());
				}
				zip.putNextEntry(new ZipEntry("archive/version"));
				zip.write("3\n".getBytes(StandardCharsets.US_ASCII));
			}
			return bytes.toByteArray();
		}
		finally {
			zipStorages = null;
		}
	}
}
