package sc.fiji.draggan.engine;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The memory of a float32 array in the host's memory as a {@link FloatBuffer}, for the Java kernels that read
 * and write libtorch's arrays in place (the PyTorch engine hands out the tensor's own memory for a
 * contiguous CPU array).
 */
public final class HostFloats {

	private HostFloats() {}

	/** Whether {@code a} is float32 in the host's memory. */
	public static boolean onCpu(final NDArray a) {
		return Device.Type.CPU.equals(a.getDevice().getDeviceType()) && a.getDataType() == DataType.FLOAT32;
	}

	/** The array's values as floats: its memory where the engine hands it out, else a copy (for reading only). */
	public static FloatBuffer read(final NDArray a) {
		return a.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	/** The array's memory as floats, or null when it is not float32 on the CPU or only a copy could be had. */
	public static FloatBuffer inPlace(final NDArray a) {
		if (!onCpu(a)) return null;
		final FloatBuffer b = read(a);
		return b.isDirect() ? b : null;
	}
}
