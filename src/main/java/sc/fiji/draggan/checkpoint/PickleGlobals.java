package sc.fiji.draggan.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.objects.ByteArrayConstructor;

import sc.fiji.draggan.io.Messages;

import sc.fiji.draggan.io.Npy;

/**
 * The Python globals a StyleGAN2 / DragGAN network pickle refers to (docs/algorithm.md#reading-pickles-in-java) and what each becomes
 * in Java. The table is built once in the static initializer and never changes (thread-safe); it is
 * private to {@link TorchUnpickler} rather than registered in Pyrolite's process-wide registry.
 */
final class PickleGlobals {

	private PickleGlobals() {}

	private static final Map<String, IObjectConstructor> TABLE;
	/** Constructors whose first argument is raw bytes that are not needed after the call. */
	private static final IObjectConstructor LOAD_FROM_BYTES = PickleGlobals::loadFromBytes;
	private static final IObjectConstructor CODECS_ENCODE = new ByteArrayConstructor();

	static {
		final Map<String, IObjectConstructor> t = new HashMap<>();
		// 1. torch_utils.persistence objects (docs/algorithm.md#persistent-modules): data only, module_src is never executed
		t.put("torch_utils.persistence._reconstruct_persistent_obj", PickleGlobals::persistentObject);
		// 2. ordered dicts: OrderedDict (parameters, buffers, modules) and EasyDict (init kwargs)
		t.put("collections.OrderedDict", PickleGlobals::dict);
		t.put("dnnlib.util.EasyDict", PickleGlobals::dict);
		// 3. storages: legacy torch.save blobs of a plain pickle (docs/algorithm.md#tensors-and-storages)
		t.put("torch.storage._load_from_bytes", LOAD_FROM_BYTES);
		for (final StorageType s : StorageType.values()) t.put("torch." + s.pythonName, s);
		// 4.-5. tensors and parameters
		t.put("torch._utils._rebuild_tensor_v2", PickleGlobals::tensor);
		t.put("torch._utils._rebuild_tensor", PickleGlobals::tensor);
		t.put("torch._utils._rebuild_parameter", args -> arg(args, 0));
		t.put("torch._utils._rebuild_parameter_with_state", args -> arg(args, 0));
		t.put("torch._tensor._rebuild_from_type_v2", PickleGlobals::fromType);
		// 6.-7. NumPy scalars (weight_gain etc.) and their dtypes
		t.put("numpy.core.multiarray.scalar", PickleGlobals::numpyScalar);
		t.put("numpy._core.multiarray.scalar", PickleGlobals::numpyScalar);
		t.put("numpy.dtype", args -> {
			final Object type = arg(args, 0);
			return new NumpyDType(type instanceof String ? Messages.clip((String) type, 40) : Messages.value(type));
		});
		// 8. NumPy arrays (the variables of TensorFlow-era pickles)
		t.put("numpy.core.multiarray._reconstruct", args -> new NumpyArray());
		t.put("numpy._core.multiarray._reconstruct", args -> new NumpyArray());
		// 9. builtins Pyrolite already knows (bytes of protocol 2 arrive as _codecs.encode)
		t.put("_codecs.encode", CODECS_ENCODE); // protocol 2: bytes = _codecs.encode(latin-1 text, 'latin1')
		final IObjectConstructor bytes = new ByteArrayConstructor();
		for (final String n : new String[] { "builtins.bytes", "__builtin__.bytes", "builtins.bytearray",
			"__builtin__.bytearray" }) t.put(n, bytes);
		final IObjectConstructor set = PickleGlobals::set;
		for (final String n : new String[] { "builtins.set", "__builtin__.set", "builtins.frozenset", "__builtin__.frozenset" })
			t.put(n, set);
		TABLE = Collections.unmodifiableMap(t);
	}

	/**
	 * True for the calls whose first argument is raw data that is dead once the call returned (storage
	 * blobs, and the latin-1 text of protocol-2 bytes), so the unpickler may drop it from its memo.
	 */
	static boolean consumesRawBytes(final Object constructor) {
		return constructor == LOAD_FROM_BYTES || constructor == CODECS_ENCODE;
	}

	/** The constructor for {@code module.name}; an inert {@link PyObject} maker for anything unknown. */
	static IObjectConstructor resolve(final String module, final String name) {
		final IObjectConstructor c = TABLE.get(module + "." + name);
		return c != null ? c : new PyObject.Constructor(module, name);
	}

	/** The unpickler handles {@code _load_from_bytes} itself (it knows the read's budget); any other call is refused. */
	private static Object loadFromBytes(final Object[] args) {
		final Object b = arg(args, 0);
		if (b instanceof Storage) return b;
		throw new PickleException("torch.storage._load_from_bytes called indirectly");
	}

	static boolean isLoadFromBytes(final Object constructor) {
		return constructor == LOAD_FROM_BYTES;
	}

	private static Object persistentObject(final Object[] args) {
		final Object meta = arg(args, 0);
		if (!(meta instanceof Map)) throw new PickleException("persistent object without meta dict");
		final Map<?, ?> m = (Map<?, ?>) meta;
		if (!"class".equals(m.get("type"))) throw new PickleException("unsupported persistent object type " + Messages.value(m.get("type")));
		final Object state = m.get("state");
		@SuppressWarnings("unchecked")
		final Map<Object, Object> s = state instanceof Map ? (Map<Object, Object>) state : new PyDict();
		final Object src = m.get("module_src");
		final Object name = m.get("class_name");
		return new PersistentModule(name instanceof String ? (String) name : Messages.value(name), src instanceof String ? (String) src : "", s);
	}

	/** {@code set(iterable)}: elements must be hashable (see {@link TorchUnpickler#hashable}). */
	private static Object set(final Object[] args) {
		final java.util.Set<Object> s = new java.util.LinkedHashSet<>();
		if (args.length > 0 && args[0] instanceof java.util.Collection) {
			for (final Object o : (java.util.Collection<?>) args[0]) s.add(TorchUnpickler.hashable(o));
		}
		else if (args.length > 0 && args[0] instanceof Object[]) {
			for (final Object o : (Object[]) args[0]) s.add(TorchUnpickler.hashable(o));
		}
		return s;
	}

	/** {@code OrderedDict()}, {@code OrderedDict(dict)} or {@code OrderedDict([(k, v), ...])}. */
	private static Object dict(final Object[] args) {
		final PyDict d = new PyDict();
		if (args.length > 0 && args[0] instanceof Map) d.putAll((Map<?, ?>) args[0]);
		else if (args.length > 0 && args[0] instanceof List) {
			for (final Object pair : (List<?>) args[0]) {
				if (pair instanceof Object[] && ((Object[]) pair).length == 2) d.put(TorchUnpickler.hashable(((Object[]) pair)[0]), ((Object[]) pair)[1]);
				else if (pair instanceof List && ((List<?>) pair).size() == 2) d.put(TorchUnpickler.hashable(((List<?>) pair).get(0)), ((List<?>) pair).get(1));
				else throw new PickleException("OrderedDict item is not a pair");
			}
		}
		return d;
	}

	/** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, hooks[, metadata])}. */
	private static Object tensor(final Object[] args) {
		final Object storage = arg(args, 0);
		if (!(storage instanceof Storage)) throw new PickleException("tensor without storage (" + TorchUnpickler.describe(storage) + ")");
		try {
			return TensorViews.view((Storage) storage, toLong(arg(args, 1)), longs(arg(args, 2)), longs(arg(args, 3)));
		}
		catch (final IllegalArgumentException | java.io.IOException e) {
			throw new PickleException(e.getMessage(), e);
		}
	}

	/** {@code _rebuild_from_type_v2(func, new_type, args, state)}: the tensor subclass is dropped. */
	private static Object fromType(final Object[] args) {
		final Object func = arg(args, 0);
		final Object inner = arg(args, 2);
		if (!(func instanceof IObjectConstructor) || !(inner instanceof Object[])) throw new PickleException("malformed _rebuild_from_type_v2");
		return ((IObjectConstructor) func).construct((Object[]) inner);
	}

	/** {@code numpy.core.multiarray.scalar(dtype, raw bytes)} as a Java Double, Long or Boolean. */
	private static Object numpyScalar(final Object[] args) {
		final Object dt = arg(args, 0);
		if (!(dt instanceof NumpyDType)) throw new PickleException("numpy scalar without dtype");
		final NumpyDType d = (NumpyDType) dt;
		final byte[] raw = bytesArg(args, 1);
		final ByteBuffer b = ByteBuffer.wrap(raw).order(d.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
		final String t = d.type.replaceAll("^[<>=|]", "");
		try {
			switch (t) {
				case "f8": return b.getDouble();
				case "f4": return (double) b.getFloat();
				case "f2": return (double) Npy.halfToFloat(b.getShort());
				case "i8": case "u8": return b.getLong();
				case "i4": return (long) b.getInt();
				case "u4": return b.getInt() & 0xffffffffL;
				case "i2": return (long) b.getShort();
				case "u2": return (long) (b.getShort() & 0xffff);
				case "i1": return (long) b.get();
				case "u1": return (long) (b.get() & 0xff);
				case "b1": return b.get() != 0;
				default: return new PyObject("numpy", "scalar", args); // kept as data
			}
		}
		catch (final RuntimeException e) {
			throw new PickleException("numpy scalar of type " + d + " has " + raw.length + " bytes");
		}
	}

	static Object arg(final Object[] args, final int i) {
		if (args == null || i >= args.length) throw new PickleException("missing constructor argument " + i);
		return args[i];
	}

	private static byte[] bytesArg(final Object[] args, final int i) {
		final Object o = arg(args, i);
		if (o instanceof byte[]) return (byte[]) o;
		if (o instanceof String) return ((String) o).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1); // protocol-2 str
		throw new PickleException("expected bytes, got " + TorchUnpickler.describe(o));
	}

	static long toLong(final Object o) {
		if (o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte) return ((Number) o).longValue();
		if (o instanceof BigInteger && ((BigInteger) o).bitLength() < 63) return ((BigInteger) o).longValue();
		throw new PickleException("expected an integer, got " + TorchUnpickler.describe(o));
	}

	private static long[] longs(final Object o) {
		if (o instanceof Object[]) {
			final Object[] a = (Object[]) o;
			final long[] r = new long[a.length];
			for (int i = 0; i < a.length; i++) r[i] = toLong(a[i]);
			return r;
		}
		if (o instanceof List) return longs(((List<?>) o).toArray());
		throw new PickleException("expected a tuple of integers, got " + TorchUnpickler.describe(o));
	}
}
