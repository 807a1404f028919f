package sc.fiji.draggan.checkpoint;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Python values of a pickle (e.g. init kwargs) as plain JSON-like Java values: String, Integer/Long,
 * Double, Boolean, null, {@code List<Object>} and {@code Map<String,Object>}; and their JSON form.
 * Whole numbers stay integers and floats stay doubles through a JSON round trip.
 */
final class PlainValues {

	private PlainValues() {}

	private static final Gson GSON = new GsonBuilder().serializeNulls().serializeSpecialFloatingPointValues().create();

	/** Deepest nesting and most values copied: plenty for init kwargs, fatal for hostile structures. */
	static final int MAX_DEPTH = 32, MAX_VALUES = 100_000;

	/**
	 * A pickled dict as plain values. The walk is depth-capped and counts every value it copies, so a
	 * structure that shares one list twice per level (exponential when copied) or nests 100 000 deep
	 * fails quickly with a message naming {@code what}.
	 */
	static Map<String, Object> map(final Map<?, ?> m, final String what) throws java.io.IOException {
		try {
			return map(m, new int[1], 0);
		}
		catch (final IllegalArgumentException e) {
			throw new java.io.IOException(what + ": " + e.getMessage());
		}
	}

	private static Object of(final Object o, final int[] count, final int depth) {
		if (++count[0] > MAX_VALUES) throw new IllegalArgumentException("more than " + MAX_VALUES + " values (a shared or huge structure)");
		if (depth > MAX_DEPTH) throw new IllegalArgumentException("values nested deeper than " + MAX_DEPTH + " levels");
		if (o == null || o instanceof String || o instanceof Boolean || o instanceof Double) return o;
		if (o instanceof Integer || o instanceof Long) return o;
		if (o instanceof Float) return ((Float) o).doubleValue();
		if (o instanceof Short || o instanceof Byte) return ((Number) o).intValue();
		if (o instanceof BigInteger) return ((BigInteger) o).bitLength() < 64 ? (Object) ((BigInteger) o).longValue() : sc.fiji.draggan.io.Messages.value(o);
		if (o instanceof Map) return map((Map<?, ?>) o, count, depth + 1);
		if (o instanceof Object[]) return list(java.util.Arrays.asList((Object[]) o), count, depth + 1);
		if (o instanceof Collection) return list((Collection<?>) o, count, depth + 1);
		if (o instanceof byte[]) return "<" + ((byte[]) o).length + " bytes>";
		if (o instanceof PyObject) return sc.fiji.draggan.io.Messages.clip(o.toString());
		return sc.fiji.draggan.io.Messages.value(o);
	}

	private static Map<String, Object> map(final Map<?, ?> m, final int[] count, final int depth) {
		final Map<String, Object> r = new LinkedHashMap<>();
		for (final Map.Entry<?, ?> e : m.entrySet()) {
			final Object k = e.getKey();
			r.put(k instanceof String ? (String) k : sc.fiji.draggan.io.Messages.value(k), of(e.getValue(), count, depth));
		}
		return r;
	}

	private static List<Object> list(final Collection<?> c, final int[] count, final int depth) {
		final List<Object> r = new ArrayList<>(Math.min(c.size(), 1024));
		for (final Object o : c) r.add(of(o, count, depth));
		return r;
	}

	static String toJson(final Map<String, Object> m) {
		return GSON.toJson(m);
	}

	/** @throws com.google.gson.JsonParseException or IllegalStateException if not a JSON object */
	static Map<String, Object> fromJson(final String json) {
		sc.fiji.draggan.io.JsonDepth.check(json, MAX_DEPTH);
		return fromJson(JsonParser.parseString(json).getAsJsonObject());
	}

	private static Map<String, Object> fromJson(final JsonObject o) {
		final Map<String, Object> r = new LinkedHashMap<>();
		for (final Map.Entry<String, JsonElement> e : o.entrySet()) r.put(e.getKey(), value(e.getValue()));
		return r;
	}

	private static Object value(final JsonElement e) {
		if (e == null || e.isJsonNull()) return null;
		if (e.isJsonObject()) return fromJson(e.getAsJsonObject());
		if (e.isJsonArray()) {
			final List<Object> r = new ArrayList<>();
			for (final JsonElement x : (JsonArray) e) r.add(value(x));
			return r;
		}
		final JsonPrimitive p = e.getAsJsonPrimitive();
		if (p.isBoolean()) return p.getAsBoolean();
		if (p.isString()) return p.getAsString();
		final String text = p.getAsNumber().toString();
		if (text.matches("-?\\d+")) {
			final long v = Long.parseLong(text);
			return v == (int) v ? (Object) (int) v : (Object) v;
		}
		return p.getAsDouble();
	}
}
