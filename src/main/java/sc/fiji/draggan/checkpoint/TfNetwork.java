package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.draggan.io.Messages;
import sc.fiji.draggan.tensor.TensorData;

/**
 * One {@code dnnlib.tflib.network.Network} state of a TensorFlow-era pickle, read as data: its name,
 * version, build function, static kwargs and every variable of it and its components, named
 * {@code component/…/variable} as the official converter collects them (docs/algorithm.md,
 * "Checkpoint families").
 */
final class TfNetwork {

	final String name, buildFunction;
	final int version;
	final Map<String, Object> staticKwargs;
	/** Variable name → value, own variables first, then each component's with its prefix. */
	final Map<String, TensorData> variables;
	/** Build function of every component, by path (e.g. {@code synthesis}). */
	final Map<String, String> componentFunctions;

	private TfNetwork(final String name, final String buildFunction, final int version, final Map<String, Object> staticKwargs,
		final Map<String, TensorData> variables, final Map<String, String> componentFunctions)
	{
		this.name = name;
		this.buildFunction = buildFunction;
		this.version = version;
		this.staticKwargs = Collections.unmodifiableMap(staticKwargs);
		this.variables = Collections.unmodifiableMap(variables);
		this.componentFunctions = Collections.unmodifiableMap(componentFunctions);
	}

	static boolean isNetwork(final Object o) {
		return o instanceof PyObject && ((PyObject) o).module.startsWith("dnnlib.tflib") && "Network".equals(((PyObject) o).name);
	}

	static TfNetwork of(final Object o, final String what) throws IOException {
		if (!isNetwork(o)) throw new IOException(what + " is not a TensorFlow network (" + TorchUnpickler.describe(o) + ")");
		final Map<Object, Object> a = ((PyObject) o).attributes;
		final Object v = a.get("version");
		if (!(v instanceof Number)) throw new IOException(what + ": the TensorFlow network has no version");
		final Object kw = a.get("static_kwargs");
		if (kw != null && !(kw instanceof Map)) throw new IOException(what + ": static_kwargs of the TensorFlow network is not a dict");
		final Map<String, Object> kwargs = new LinkedHashMap<>();
		if (kw != null) for (final Map.Entry<?, ?> e : ((Map<?, ?>) kw).entrySet()) kwargs.put(text(e.getKey()), e.getValue());
		final Map<String, TensorData> vars = new LinkedHashMap<>();
		final Map<String, String> functions = new LinkedHashMap<>();
		collect(o, "", vars, functions, what, 0, new IdentityHashMap<>());
		return new TfNetwork(text(a.get("name")), text(a.get("build_func_name")), ((Number) v).intValue(), kwargs, vars, functions);
	}

	/** A name or value from the pickle as short text (never the unbounded toString of a container). */
	private static String text(final Object o) {
		return o instanceof String ? Messages.clip((String) o) : Messages.value(o);
	}

	private static void collect(final Object o, final String prefix, final Map<String, TensorData> vars, final Map<String, String> functions,
		final String what, final int depth, final Map<Object, Boolean> seen) throws IOException
	{
		if (depth > 20) throw new IOException(what + ": TensorFlow network components nest too deep");
		if (!isNetwork(o)) throw new IOException(what + ": TensorFlow component '" + Messages.clip(prefix) + "' is a " + TorchUnpickler.describe(o));
		if (seen.put(o, Boolean.TRUE) != null) throw new IOException(what + ": TensorFlow component '" + Messages.clip(prefix) + "' appears twice");
		final Map<Object, Object> a = ((PyObject) o).attributes;
		final Object list = a.get("variables");
		if (list != null && !(list instanceof List)) throw new IOException(what + ": variables of TensorFlow network '" + Messages.clip(prefix) +
			"' are not a list");
		if (list != null) {
			for (final Object pair : (List<?>) list) {
				final Object[] p = pair instanceof Object[] ? (Object[]) pair : pair instanceof List ? ((List<?>) pair).toArray() : null;
				if (p == null || p.length != 2 || !(p[0] instanceof String))
					throw new IOException(what + ": a variable of TensorFlow network '" + Messages.clip(prefix) + "' is not a (name, value) pair");
				vars.put(prefix + text(p[0]), value(p[1], Messages.clip(prefix + p[0]), what));
			}
		}
		final Object comps = a.get("components");
		if (comps != null && !(comps instanceof Map)) throw new IOException(what + ": components of TensorFlow network '" + Messages.clip(prefix) +
			"' are not a dict");
		if (comps != null) {
			for (final Map.Entry<?, ?> e : ((Map<?, ?>) comps).entrySet()) {
				final String path = prefix + text(e.getKey());
				if (isNetwork(e.getValue())) functions.put(path, text(((PyObject) e.getValue()).attributes.get("build_func_name")));
				collect(e.getValue(), path + "/", vars, functions, what, depth + 1, seen);
			}
		}
	}

	/** A variable's value: a NumPy array, or a 0-d NumPy scalar (which the unpickler made a number). */
	private static TensorData value(final Object o, final String name, final String what) throws IOException {
		if (o instanceof NumpyArray && ((NumpyArray) o).tensor() != null) return ((NumpyArray) o).tensor();
		if (o instanceof Number && !(o instanceof java.math.BigInteger)) return new TensorData(new long[0], new float[] { ((Number) o).floatValue() });
		if (o instanceof Boolean) return new TensorData(new long[0], new float[] { (Boolean) o ? 1 : 0 });
		throw new IOException(what + ": TensorFlow variable " + name + " is a " + TorchUnpickler.describe(o) + ", not a number array");
	}

	/** The variable {@code name}; the error names the variable and what needs it. */
	TensorData require(final String var, final String neededFor, final String what) throws IOException {
		final TensorData t = variables.get(var);
		if (t == null) throw new IOException(what + ": the TensorFlow network " + name + " has no variable " + var + " (needed for " +
			neededFor + ")");
		return t;
	}
}
