package sc.fiji.draggan.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite unpickler for PyTorch network pickles (spec §5.4). It differs from the stock one in:
 * <ul>
 * <li>globals resolve through {@link PickleGlobals} (a private, immutable table) instead of Pyrolite's
 * global static registry, so nothing is registered process-wide and no other plugin's registrations
 * interfere; unknown globals become inert {@link PyObject}s;</li>
 * <li>dicts keep insertion order, also across SETITEMS (the stock one collects a batch in a HashMap),
 * because state-dict order follows {@code _parameters}/{@code _buffers}/{@code _modules} order;</li>
 * <li>BUILD on our own objects merges state (spec §5.4 step 2);</li>
 * <li>every length-prefixed opcode is checked against the bytes actually left, so a corrupt length
 * fails with a message instead of a huge allocation.</li>
 * </ul>
 * Nothing in the pickle is ever executed; {@code module_src} stays a string.
 */
class TorchUnpickler extends Unpickler {

	/** Resolves a BINPERSID reference (a storage of a torch.save ZIP archive, or inside a legacy blob). */
	interface PersistentLoader {

		Object load(Object[] pid) throws IOException;
	}

	private final PersistentLoader persistent;

	TorchUnpickler(final PersistentLoader persistent) {
		this.persistent = persistent;
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
				final String module = PickleUtils.readline(input);
				final String name = PickleUtils.readline(input);
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
				if (target instanceof PyState) ((PyState) target).setState(state);
				else if (target instanceof Map && state instanceof Map) asMap(target).putAll((Map<?, ?>) state);
				else if (state != null) {
					stack.add(state);
					return super.dispatch(key);
				}
				return NO_RETURN_VALUE;
			}
			case Opcodes.BINBYTES:
				stack.add(readBytes(readInt4(), "BINBYTES"));
				return NO_RETURN_VALUE;
			case Opcodes.BINBYTES8:
			case Opcodes.BYTEARRAY8:
				stack.add(readBytes(readLong8(), "BINBYTES8"));
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
				stack.add(PickleUtils.decode_long(readBytes(readInt4(), "LONG4")));
				return NO_RETURN_VALUE;
			default:
				return super.dispatch(key);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<Object, Object> asMap(final Object o) {
		return (Map<Object, Object>) o;
	}

	private static void putPairs(final Map<Object, Object> dict, final List<Object> items) {
		if (items.size() % 2 != 0) throw new PickleException("odd number of dict items");
		for (int i = 0; i < items.size(); i += 2) dict.put(items.get(i), items.get(i + 1));
	}

	private long readInt4() throws IOException {
		return PickleUtils.bytes_to_integer(PickleUtils.readbytes(input, 4)); // signed, as in CPython
	}

	private long readLong8() throws IOException {
		return PickleUtils.bytes_to_long(PickleUtils.readbytes(input, 8), 0);
	}

	private byte[] readBytes(final long length, final String opcode) throws IOException {
		final long left = remaining();
		if (length < 0 || length > left || length > Integer.MAX_VALUE - 8)
			throw new PickleException(opcode + " announces " + length + " bytes but only " + left + " are left");
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
		return o.getClass().getSimpleName();
	}
}
