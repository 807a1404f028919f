package sc.fiji.draggan.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.PickleException;

import sc.fiji.draggan.io.Npy;

/**
 * The legacy torch storage classes ({@code torch.FloatStorage}, …) a pickle names inside a storage's
 * persistent id (docs/algorithm.md#tensors-and-storages). They are markers: the GLOBAL opcode pushes them, nothing calls them.
 * Each converts its raw little-endian elements to float32.
 */
enum StorageType implements IObjectConstructor {
	FLOAT("FloatStorage", 4), HALF("HalfStorage", 2), BFLOAT16("BFloat16Storage", 2), DOUBLE("DoubleStorage", 8),
	LONG("LongStorage", 8), INT("IntStorage", 4), SHORT("ShortStorage", 2), CHAR("CharStorage", 1),
	BYTE("ByteStorage", 1), BOOL("BoolStorage", 1);

	/** Class name in module {@code torch}. */
	final String pythonName;
	final int elementSize;

	StorageType(final String pythonName, final int elementSize) {
		this.pythonName = pythonName;
		this.elementSize = elementSize;
	}

	@Override
	public Object construct(final Object[] args) {
		throw new PickleException("torch." + pythonName + " is only expected inside a storage reference");
	}

	/** Converts {@code count} elements starting at {@code offset} of {@code raw} to float32. */
	float[] toFloats(final byte[] raw, final int offset, final int count) {
		final float[] out = new float[count];
		convert(raw, offset, count, out, 0);
		return out;
	}

	/** Converts {@code count} little-endian elements of {@code raw} into {@code out} from {@code outOffset}. */
	void convert(final byte[] raw, final int offset, final int count, final float[] out, final int outOffset) {
		final ByteBuffer b = ByteBuffer.wrap(raw, offset, count * elementSize).slice().order(ByteOrder.LITTLE_ENDIAN);
		final int end = outOffset + count;
		switch (this) {
			case FLOAT:
				b.asFloatBuffer().get(out, outOffset, count);
				break;
			case HALF:
				for (int i = outOffset; i < end; i++) out[i] = Npy.halfToFloat(b.getShort());
				break;
			case BFLOAT16:
				for (int i = outOffset; i < end; i++) out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
				break;
			case DOUBLE:
				for (int i = outOffset; i < end; i++) out[i] = (float) b.getDouble();
				break;
			case LONG:
				for (int i = outOffset; i < end; i++) out[i] = b.getLong();
				break;
			case INT:
				for (int i = outOffset; i < end; i++) out[i] = b.getInt();
				break;
			case SHORT:
				for (int i = outOffset; i < end; i++) out[i] = b.getShort();
				break;
			case CHAR:
				for (int i = outOffset; i < end; i++) out[i] = b.get();
				break;
			default: // BYTE (uint8), BOOL
				for (int i = outOffset; i < end; i++) out[i] = b.get() & 0xff;
		}
	}
}
