package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

import sc.fiji.draggan.io.Messages;

/**
 * Pyrolite unpickler for PyTorch network pickles (docs/algorithm.md#reading-pickles-in-java). It differs from the stock one in:
 * <ul>
 * <li>globals resolve through {@link PickleGlobals} (a private, immutable table) instead of Pyrolite's
 * global static registry, so nothing is registered process-wide and no other plugin's registrations
 * interfere; unknown globals become inert {@link PyObject}s;</li>
 * <li>dicts keep insertion order, also across SETITEMS (the stock one collects a batch in a HashMap),
 * because state-dict order follows {@code _parameters}/{@code _buffers}/{@code _modules} order;</li>
 * <li>BUILD on our own objects merges state (docs/algorithm.md#reading-pickles-in-java);</li>
 * <li>every length-prefixed opcode is checked against the bytes actually left, so a corrupt length
 * fails with a message instead of a huge allocation;</li>
 * <li>storage bytes never accumulate: with protocol ≥ 3 a {@code _load_from_bytes} blob is parsed
 * straight from the stream into float32 ({@link LegacyStorageBlob}); with protocol 2 (bytes as
 * {@code _codecs.encode} text) the text and bytes are dropped from the memo once converted. Pickle
 * memoizes every bytes object and the argument tuple holding it, which would otherwise keep a second
 * copy of all weights alive until the end of the load (peak heap 2× the file instead of about 1.2×).</li>
 * <li>hostile input stays bounded: dict keys and set elements must be hashable in Python's sense (no
 * list, dict or set, whose Java hash would walk a possibly shared, exponentially large or very deep
 * structure); integers are at most {@link #MAX_INT_BYTES} bytes or {@link #MAX_INT_DIGITS} digits
 * (CPython's own limit for text); every storage and tensor copy is charged to the read's
 * {@link ReadBudget}; a storage blob cannot nest another one.</li>
 * </ul>
 * Nothing in the pickle is ever executed; {@code module_src} stays a string.
 */
class TorchUnpickler extends Unpickler {

	/** Resolves a BINPERSID reference (a storage of a torch.save ZIP archive, or inside a legacy blob). */
	interface PersistentLoader {

		Object load(Object[] pid) throws IOException;
	}

	private final PersistentLoader persistent;
	/** Null inside a legacy storage blob, where no storage may appear. */
	private final ReadBudget budget;

	/** Longest integer accepted: storage magic numbers are 10 bytes; nothing in a model comes close. */
	static final int MAX_INT_BYTES = 1024, MAX_INT_DIGITS = 4300;
	/** Longest module or class name of a GLOBAL (Python's own are a few dozen characters). */
	static final int MAX_NAME = 1024;

	/** Bytes/str objects at least this large are tracked so that they can be released after conversion. */
	private static final int LARGE = 4096;
	/** Memo slot of each large bytes/str object still in the memo. */
	private final Map<Object, Integer> largeInMemo = new IdentityHashMap<>();
	/** Stands in the memo for released storage bytes; nothing may refer to it again. */
	private static final Object RELEASED = new Object();

	/** A top-level unpickler whose storages and tensors are charged to {@code budget}. */
	TorchUnpickler(final PersistentLoader persistent, final ReadBudget budget) {
		this.persistent = persistent;
		this.budget = budget;
	}

	/** A top-level unpickler with only the global ceiling as budget (byte arrays in memory, tests). */
	TorchUnpickler(final PersistentLoader persistent) {
		this(persistent, ReadBudget.ceilingOnly());
	}

	/** An unpickler for the small pickles inside a storage blob: no storage may appear there. */
	static TorchUnpickler nested(final PersistentLoader persistent) {
		return new TorchUnpickler(persistent, null);
	}

	@Override
	protected Object persistentLoad(final Object pid) {
		if (persistent == null) throw new PickleException("unexpected persistent reference " + describe(pid) + " in the pickle");
		if (!(pid instanceof Object[])) throw new PickleException("unsupported persistent reference " + describe(pid));
		try {
			return persistent.load((Object[]) pid);
		}
		catch (final IOException e) {
			throw new PickleException(e.getMessage(), e);
		}
	}

	@Override
	protected Object dispatch(final short key) throws IOException {
		switch (key) {
			case Opcodes.GLOBAL: {
				final String module = readLine(MAX_NAME, "GLOBAL");
				final String name = readLine(MAX_NAME, "GLOBAL");
				stack.add(PickleGlobals.resolve(module, name));
				return NO_RETURN_VALUE;
			}
			case Opcodes.STACK_GLOBAL: {
				final Object name = stack.pop();
				final Object module = stack.pop();
				if (!(name instanceof String) || !(module instanceof String)) throw new PickleException("malformed STACK_GLOBAL");
				stack.add(PickleGlobals.resolve((String) module, (String) name));
				return NO_RETURN_VALUE;
			}
			case Opcodes.EMPTY_DICT:
				stack.add(new PyDict());
				return NO_RETURN_VALUE;
			case Opcodes.DICT: {
				final PyDict dict = new PyDict();
				putPairs(dict, stack.pop_all_since_marker());
				stack.add(dict);
				return NO_RETURN_VALUE;
			}
			case Opcodes.SETITEM: {
				final Object value = stack.pop();
				final Object k = stack.pop();
				final Object target = stack.peek();
				if (!(target instanceof Map)) throw new PickleException("SETITEM on a non-dict (" + describe(target) + ")");
				asMap(target).put(hashable(k), value);
				return NO_RETURN_VALUE;
			}
			case Opcodes.EMPTY_SET:
				stack.add(new LinkedHashSet<Object>());
				return NO_RETURN_VALUE;
			case Opcodes.ADDITEMS: {
				final List<Object> items = stack.pop_all_since_marker();
				final Object target = stack.peek();
				if (!(target instanceof Set)) throw new PickleException("ADDITEMS on a non-set (" + describe(target) + ")");
				@SuppressWarnings("unchecked")
				final Set<Object> set = (Set<Object>) target;
				for (final Object o : items) set.add(hashable(o));
				return NO_RETURN_VALUE;
			}
			case Opcodes.FROZENSET: {
				final Set<Object> set = new LinkedHashSet<>();
				for (final Object o : stack.pop_all_since_marker()) set.add(hashable(o));
				stack.add(set);
				return NO_RETURN_VALUE;
			}
			case Opcodes.LONG1:
				stack.add(PickleUtils.decode_long(readBytes(integerBytes(PickleUtils.readbyte(input)), "LONG1")));
				return NO_RETURN_VALUE;
			case Opcodes.INT:
			case Opcodes.LONG: {
				stack.add(parseInteger(readLine(MAX_INT_DIGITS + 2, "integer"), key == Opcodes.LONG));
				return NO_RETURN_VALUE;
			}
			case Opcodes.SETITEMS: {
				final List<Object> items = stack.pop_all_since_marker();
				final Object target = stack.peek();
				if (!(target instanceof Map)) throw new PickleException("SETITEMS on a non-dict (" + describe(target) + ")");
				putPairs(asMap(target), items);
				return NO_RETURN_VALUE;
			}
			case Opcodes.BUILD: {
				final Object state = stack.pop();
				final Object target = stack.peek();
				if (target instanceof PyState) {
					((PyState) target).setState(state);
					if (target instanceof NumpyArray) releaseRawBytes((Object[]) state); // converted to float32 already
				}
				else if (target instanceof Map && state instanceof Map) asMap(target).putAll((Map<?, ?>) state);
				else if (state != null) {
					stack.add(state);
					return super.dispatch(key);
				}
				return NO_RETURN_VALUE;
			}
			case Opcodes.MEMOIZE:
				memoize(memo.size());
				return NO_RETURN_VALUE;
			case Opcodes.BINPUT:
				memoize(PickleUtils.readbyte(input));
				return NO_RETURN_VALUE;
			case Opcodes.LONG_BINPUT:
				memoize(PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4)));
				return NO_RETURN_VALUE;
			case Opcodes.BINGET:
				recall(PickleUtils.readbyte(input));
				return NO_RETURN_VALUE;
			case Opcodes.LONG_BINGET:
				recall(PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4)));
				return NO_RETURN_VALUE;
			case Opcodes.REDUCE:
			case Opcodes.NEWOBJ: {
				final Object args = stack.pop();
				final Object constructor = stack.pop();
				if (!(args instanceof Object[]) || !(constructor instanceof IObjectConstructor))
					throw new PickleException("malformed call in the pickle (" + describe(constructor) + ")");
				final Object[] a = (Object[]) args;
				if (PickleGlobals.isLoadFromBytes(constructor)) {
					stack.add(storageFromBytes(a));
					release(a, 0);
					return NO_RETURN_VALUE;
				}
				stack.add(((IObjectConstructor) constructor).construct(a));
				if (PickleGlobals.consumesRawBytes(constructor) && a.length > 0 && a[0] != null) release(a, 0);
				return NO_RETURN_VALUE;
			}
			case Opcodes.BINBYTES:
				stack.add(bytesOrStorage(readInt4(), "BINBYTES"));
				return NO_RETURN_VALUE;
			case Opcodes.BINBYTES8:
				stack.add(bytesOrStorage(readLong8(), "BINBYTES8"));
				return NO_RETURN_VALUE;
			case Opcodes.BYTEARRAY8:
				stack.add(readBytes(readLong8(), "BYTEARRAY8"));
				return NO_RETURN_VALUE;
			case Opcodes.BINUNICODE:
				stack.add(new String(readBytes(readInt4(), "BINUNICODE"), StandardCharsets.UTF_8));
				return NO_RETURN_VALUE;
			case Opcodes.BINUNICODE8:
				stack.add(new String(readBytes(readLong8(), "BINUNICODE8"), StandardCharsets.UTF_8));
				return NO_RETURN_VALUE;
			case Opcodes.BINSTRING:
				stack.add(PickleUtils.rawStringFromBytes(readBytes(readInt4(), "BINSTRING")));
				return NO_RETURN_VALUE;
			case Opcodes.LONG4:
				stack.add(PickleUtils.decode_long(readBytes(integerBytes(readInt4()), "LONG4")));
				return NO_RETURN_VALUE;
			default:
				return super.dispatch(key);
		}
	}

	private void memoize(final int index) {
		final Object top = stack.peek();
		memo.put(index, top);
		if ((top instanceof byte[] && ((byte[]) top).length >= LARGE) || (top instanceof String && ((String) top).length() >= LARGE))
			largeInMemo.put(top, index);
	}

	private void recall(final int index) {
		final Object o = memo.get(index);
		if (o == null && !memo.containsKey(index)) throw new PickleException("invalid memo key " + index);
		if (o == RELEASED) throw new PickleException("the pickle refers back to storage bytes that were already converted");
		stack.add(o);
	}

	/** Drops argument {@code i} (raw bytes already converted) from its tuple and from the memo. */
	private void release(final Object[] args, final int i) {
		final Integer slot = largeInMemo.remove(args[i]);
		if (slot != null) memo.put(slot, RELEASED);
		args[i] = null; // the argument tuple itself is memoized too
	}

	/** Drops the raw bytes of a NumPy array state tuple from the memo once the array holds its floats. */
	private void releaseRawBytes(final Object[] state) {
		for (int i = 0; i < state.length; i++) {
			if (state[i] instanceof byte[] || state[i] instanceof String && ((String) state[i]).length() >= LARGE) release(state, i);
		}
	}

	/** {@code _load_from_bytes(b)}: parsed while streaming (protocol ≥ 3) or from the bytes now (protocol 2). */
	private Object storageFromBytes(final Object[] a) {
		if (budget == null) throw new PickleException("a storage blob inside a storage blob");
		if (a.length < 1) throw new PickleException("_load_from_bytes without its bytes");
		if (a[0] instanceof Storage) return a[0];
		if (a[0] instanceof byte[]) return LegacyStorageBlob.parse((byte[]) a[0], budget);
		if (a[0] instanceof String) return LegacyStorageBlob.parse(((String) a[0]).getBytes(StandardCharsets.ISO_8859_1), budget);
		throw new PickleException("_load_from_bytes of a " + describe(a[0]));
	}

	private static long integerBytes(final long n) {
		if (n > MAX_INT_BYTES) throw new PickleException("integer of " + n + " bytes (at most " + MAX_INT_BYTES + ")");
		return n;
	}

	/** INT / LONG text: {@code 01}/{@code 00} are True/False for INT, {@code L} ends a LONG. */
	private static Object parseInteger(final String line, final boolean isLong) {
		String t = line.trim();
		if (!isLong && "01".equals(t)) return Boolean.TRUE;
		if (!isLong && "00".equals(t)) return Boolean.FALSE;
		if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
		try {
			final java.math.BigInteger v = new java.math.BigInteger(t);
			return v.bitLength() < 32 ? (Object) v.intValue() : v.bitLength() < 64 ? (Object) v.longValue() : v;
		}
		catch (final NumberFormatException e) {
			throw new PickleException("malformed integer '" + Messages.clip(t, 40) + "'");
		}
	}

	/**
	 * A dict key or set element: Python refuses lists, dicts and sets there (unhashable); Java would hash
	 * them by walking their contents, which a hostile pickle can make exponentially large or very deep.
	 */
	static Object hashable(final Object key) {
		if (key instanceof Collection || key instanceof Map) throw new PickleException("unhashable dict key or set element (a " + describe(key) + ")");
		return key;
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, Object> asMap(final Object o) {
		return (Map<Object, Object>) o;
	}

	private static void putPairs(final Map<Object, Object> dict, final List<Object> items) {
		if (items.size() % 2 != 0) throw new PickleException("odd number of dict items");
		for (int i = 0; i < items.size(); i += 2) dict.put(hashable(items.get(i)), items.get(i + 1));
	}

	/** One text line of at most {@code max} bytes (UTF-8, without its newline). */
	private String readLine(final int max, final String what) throws IOException {
		final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(64);
		for (int b; (b = input.read()) != '\n';) {
			if (b < 0) throw new IOException("premature end of file in a " + what + " line");
			if (line.size() >= max) throw new PickleException(what + " line longer than " + max + " bytes");
			line.write(b);
		}
		String s = new String(line.toByteArray(), StandardCharsets.UTF_8);
		if (s.endsWith("\r")) s = s.substring(0, s.length() - 1);
		return s;
	}

	private long readInt4() throws IOException {
		return PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4)); // signed, as in CPython
	}

	private long readLong8() throws IOException {
		return PickleUtils.bytes_to_long(PickleUtils.readbytes(input, 8), 0);
	}

	/**
	 * A bytes object; but when it is the argument of {@code torch.storage._load_from_bytes} (the call is
	 * on top of the stack: protocol ≥ 3 pickles the function, then the bytes, then TUPLE1), the storage
	 * is parsed straight from the stream and pushed instead, so the raw blob never sits in the heap.
	 */
	private Object bytesOrStorage(final long length, final String opcode) throws IOException {
		checkLength(length, opcode);
		if (budget != null && length >= LARGE && stack.size() > 0 && PickleGlobals.isLoadFromBytes(stack.peek()))
			return LegacyStorageBlob.read(input, length, budget);
		return PickleUtils.readbytes(input, (int) length);
	}

	private void checkLength(final long length, final String opcode) throws IOException {
		final long left = remaining();
		if (length < 0 || length > left || length > Integer.MAX_VALUE - 8)
			throw new PickleException(opcode + " announces " + length + " bytes but only " + left + " are left");
	}

	private byte[] readBytes(final long length, final String opcode) throws IOException {
		checkLength(length, opcode);
		return PickleUtils.readbytes(input, (int) length);
	}

	private long remaining() throws IOException {
		if (input instanceof PickleInput) return ((PickleInput) input).remaining();
		if (input instanceof ByteArrayInputStream) return input.available();
		return Long.MAX_VALUE;
	}

	static String describe(final Object o) {
		if (o == null) return "None";
		if (o instanceof Object[]) return "tuple of " + ((Object[]) o).length;
		if (o instanceof Collection) return o.getClass().getSimpleName() + " of " + ((Collection<?>) o).size();
		if (o instanceof Map) return "dict of " + ((Map<?, ?>) o).size();
		return o.getClass().getSimpleName();
	}
}
