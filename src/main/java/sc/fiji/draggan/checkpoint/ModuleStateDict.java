package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;

import sc.fiji.draggan.tensor.StateDict;


import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.draggan.io.Messages;

/**
 * PyTorch's {@code state_dict()} naming over an unpickled module tree (docs/algorithm.md#state-dict-names-and-init-kwargs): per module, its
 * non-None {@code _parameters}, then its {@code _buffers} minus {@code _non_persistent_buffers_set},
 * then recursively each child of {@code _modules} with prefix {@code name + "."}.
 * <p>
 * The walk is iterative (depth-first, same order) over a tree: a module reached twice (a graph whose
 * every level points twice to the next would otherwise be walked 2^depth times), a tree deeper than
 * {@link #MAX_DEPTH} or larger than {@link #MAX_MODULES} is refused.
 */
final class ModuleStateDict {

	private ModuleStateDict() {}

	static final int MAX_DEPTH = 100, MAX_MODULES = 100_000;

	/** The instance {@code __dict__} of a module, or null if {@code o} is not a torch module. */
	static Map<Object, Object> stateOf(final Object o) {
		final Map<Object, Object> s;
		if (o instanceof PersistentModule) s = ((PersistentModule) o).state;
		else if (o instanceof PyObject) s = ((PyObject) o).attributes;
		else return null;
		return s.containsKey("_parameters") ? s : null;
	}

	private static final class Visit {

		final Object module;
		final String prefix;
		final int depth;

		Visit(final Object module, final String prefix, final int depth) {
			this.module = module;
			this.prefix = prefix;
			this.depth = depth;
		}
	}

	static StateDict of(final Object module, final String what) throws IOException {
		final StateDict out = new StateDict();
		final Map<Object, Boolean> seen = new IdentityHashMap<>();
		final Deque<Visit> todo = new ArrayDeque<>();
		todo.push(new Visit(module, "", 0));
		while (!todo.isEmpty()) {
			final Visit v = todo.pop();
			final String prefix = v.prefix;
			final Map<Object, Object> state = stateOf(v.module);
			if (state == null) throw new IOException(what + ": '" + Messages.clip(prefix, 80) + "' is not a torch module");
			if (v.depth > MAX_DEPTH) throw new IOException(what + ": module tree is deeper than " + MAX_DEPTH + " levels");
			if (seen.put(v.module, Boolean.TRUE) != null)
				throw new IOException(what + ": module '" + Messages.clip(prefix, 80) + "' appears twice in the module tree");
			if (seen.size() > MAX_MODULES) throw new IOException(what + ": more than " + MAX_MODULES + " modules");
			addTensors(state.get("_parameters"), Collections.emptySet(), prefix, out, what);
			final Object np = state.get("_non_persistent_buffers_set");
			addTensors(state.get("_buffers"), np instanceof Collection ? (Collection<?>) np : Collections.emptySet(), prefix, out, what);
			final Object modules = state.get("_modules");
			if (modules instanceof Map) {
				final List<Visit> children = new ArrayList<>();
				for (final Map.Entry<?, ?> e : ((Map<?, ?>) modules).entrySet()) {
					if (e.getValue() != null) children.add(new Visit(e.getValue(), prefix + name(e.getKey()) + ".", v.depth + 1));
				}
				for (int i = children.size() - 1; i >= 0; i--) todo.push(children.get(i)); // first child popped first
			}
		}
		return out;
	}

	/** Longest module or tensor name accepted (names are concatenated along the tree). */
	static final int MAX_NAME = 256;

	private static String name(final Object key) throws IOException {
		final String s = key instanceof String ? (String) key : Messages.value(key);
		if (s.length() > MAX_NAME) throw new IOException("a module or tensor name of " + s.length() + " characters (at most " + MAX_NAME + ")");
		return s;
	}

	private static void addTensors(final Object dict, final Collection<?> skip, final String prefix, final StateDict out, final String what)
		throws IOException
	{
		if (dict == null) return;
		if (!(dict instanceof Map)) throw new IOException(what + ": module '" + Messages.clip(prefix, 80) + "' has malformed parameters");
		for (final Map.Entry<?, ?> e : ((Map<?, ?>) dict).entrySet()) {
			if (e.getValue() == null || skip.contains(e.getKey())) continue;
			if (!(e.getValue() instanceof TensorData))
				throw new IOException(what + ": '" + Messages.clip(prefix + name(e.getKey()), 80) + "' is not a tensor (" +
					TorchUnpickler.describe(e.getValue()) + ")");
			out.put(prefix + name(e.getKey()), (TensorData) e.getValue());
		}
	}
}
