package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;

import sc.fiji.draggan.tensor.StateDict;


import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * PyTorch's {@code state_dict()} naming over an unpickled module tree (spec §5.5): per module, its
 * non-None {@code _parameters}, then its {@code _buffers} minus {@code _non_persistent_buffers_set},
 * then recursively each child of {@code _modules} with prefix {@code name + "."}.
 */
final class ModuleStateDict {

	private ModuleStateDict() {}

	/** The instance {@code __dict__} of a module, or null if {@code o} is not a torch module. */
	static Map<Object, Object> stateOf(final Object o) {
		final Map<Object, Object> s;
		if (o instanceof PersistentModule) s = ((PersistentModule) o).state;
		else if (o instanceof PyObject) s = ((PyObject) o).attributes;
		else return null;
		return s.containsKey("_parameters") ? s : null;
	}

	static StateDict of(final Object module, final String what) throws IOException {
		final StateDict out = new StateDict();
		collect(module, "", out, what, 0);
		return out;
	}

	private static void collect(final Object module, final String prefix, final StateDict out, final String what, final int depth)
		throws IOException
	{
		final Map<Object, Object> state = stateOf(module);
		if (state == null) throw new IOException(what + ": '" + prefix + "' is not a torch module");
		if (depth > 100) throw new IOException(what + ": module tree is too deep");
		addTensors(state.get("_parameters"), Collections.emptySet(), prefix, out, what);
		final Object np = state.get("_non_persistent_buffers_set");
		addTensors(state.get("_buffers"), np instanceof Collection ? (Collection<?>) np : Collections.emptySet(), prefix, out, what);
		final Object modules = state.get("_modules");
		if (modules instanceof Map) {
			for (final Map.Entry<?, ?> e : ((Map<?, ?>) modules).entrySet()) {
				if (e.getValue() != null) collect(e.getValue(), prefix + e.getKey() + ".", out, what, depth + 1);
			}
		}
	}

	private static void addTensors(final Object dict, final Collection<?> skip, final String prefix, final StateDict out, final String what)
		throws IOException
	{
		if (dict == null) return;
		if (!(dict instanceof Map)) throw new IOException(what + ": module '" + prefix + "' has malformed parameters");
		for (final Map.Entry<?, ?> e : ((Map<?, ?>) dict).entrySet()) {
			if (e.getValue() == null || skip.contains(e.getKey())) continue;
			if (!(e.getValue() instanceof TensorData))
				throw new IOException(what + ": '" + prefix + e.getKey() + "' is not a tensor (" + TorchUnpickler.describe(e.getValue()) + ")");
			out.put(prefix + e.getKey(), (TensorData) e.getValue());
		}
	}
}
