package sc.fiji.draggan.model;

import java.util.Locale;
import java.util.function.Supplier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.engine.Djl;

public final class OpBench {
	static NDManager root;
	static void time(String name, Supplier<NDArray> f) {
		double best = 1e9;
		for (int i = 0; i < 4; i++) {
			try (NDManager m = root.newSubManager()) {
				double t0 = ModelBench.cpuSeconds();
				NDArray r = f.get();
				r.getShape();
				best = Math.min(best, (ModelBench.cpuSeconds() - t0) * 1e3);
				r.close();
			}
		}
		System.out.println(String.format(Locale.ROOT, "%-40s %8.1f ms", name, best));
	}
	public static void main(String[] a) {
		Djl.engine();
		root = Djl.newManager(Device.cpu());
		int cin = Integer.parseInt(a[0]), cout = Integer.parseInt(a[1]), h = Integer.parseInt(a[2]);
		NDArray x = root.randomNormal(new Shape(1, cin, h, h));
		NDArray w = root.randomNormal(new Shape(cout, cin, 3, 3));
		NDArray w1 = root.randomNormal(new Shape(cout, cin, 1, 1));
		NDArray w12 = root.randomNormal(new Shape(cout, cin, 1, 2));
		NDArray w22 = root.randomNormal(new Shape(cout, cin, 2, 2));
		NDArray wo = root.randomNormal(new Shape(cout, cout, 3, 3));
		NDArray fir = root.randomNormal(new Shape(cout, 1, 4, 4));
		NDArray big = root.randomNormal(new Shape(1, cout, 2 * h, 2 * h));
		NDArray t4 = root.randomNormal(new Shape(1, cout, 2 * h + 4, 2 * h + 4));
		NDArray nz = root.randomNormal(new Shape(1, 1, 2 * h, 2 * h));
		NDArray b = root.randomNormal(new Shape(1, cout, 1, 1));
		System.out.println("cin " + cin + " cout " + cout + " h " + h + " -> " + 2 * h);
		time("conv3x3 at input res (cin->cout)", () -> Nd.conv(x, w, 1, 1, 1));
		NDArray xq = x.pad(new Shape(1, 2, 1, 2), 0);
		time("pad x", () -> x.pad(new Shape(1, 2, 1, 2), 0));
		time("phase 1x1", () -> Nd.conv(xq.get(new NDIndex(":, :, :{}, :{}", h + 2, h + 2)), w1, 0, 0, 1));
		time("phase 1x2", () -> Nd.conv(xq.get(new NDIndex(":, :, :{}, :", h + 2)), w12, 0, 0, 1));
		time("phase 2x2", () -> Nd.conv(xq, w22, 0, 0, 1));
		NDArray p = Nd.conv(xq, w22, 0, 0, 1);
		time("stack 4 phases", () -> NDArrays.stack(new NDList(p, p, p, p), 2));
		NDArray st = NDArrays.stack(new NDList(p, p, p, p), 2);
		time("interleave (transpose+reshape)", () -> Fir.interleave(st.reshape(1, cout, 2, 2, h + 2, h + 2)));
		time("FIR 4x4 depthwise", () -> Nd.conv(t4, fir, 0, 0, cout));
		time("conv1 3x3 at output res (cout->cout)", () -> Nd.conv(big, wo, 1, 1, 1));
		NDArray xp11 = x.pad(new Shape(1, 1, 1, 1), 0);
		NDArray xp12r = x.pad(new Shape(1, 2, 1, 1), 0);
		NDArray w21 = root.randomNormal(new Shape(cout, cin, 2, 1));
		time("C: phase 1x1 contiguous", () -> Nd.conv(xp11, w1, 0, 0, 1));
		time("C: phase 1x2 contiguous", () -> Nd.conv(xp12r, w12, 0, 0, 1));
		time("C: matmul 1x1", () -> w1.reshape(cout, cin).matMul(xp11.reshape(cin, (h + 2) * (h + 2))));
		NDArray w4 = root.randomNormal(new Shape(4 * cout, cin, 2, 2));
		time("A: one conv 4O x 2x2", () -> Nd.conv(xq, w4, 0, 0, 1));
		NDArray w43 = root.randomNormal(new Shape(4 * cout, cin, 3, 3));
		time("B: fused 4O x 3x3", () -> Nd.conv(x, w43, 1, 1, 1));
		NDArray f41 = root.randomNormal(new Shape(cout, 1, 4, 1));
		NDArray f14 = root.randomNormal(new Shape(cout, 1, 1, 4));
		time("FIR separable", () -> Nd.conv(Nd.conv(t4, f41, 0, 0, cout), f14, 0, 0, cout));
		NDArray g44 = root.randomNormal(new Shape(4 * cout, 4, 3, 3));
		NDArray stk = root.randomNormal(new Shape(1, 4 * cout, h + 2, h + 2));
		time("FIR grouped 4->4 3x3", () -> Nd.conv(stk, g44, 0, 0, cout));
		NDArray g442 = root.randomNormal(new Shape(4 * cout, 4, 2, 2));
		time("FIR grouped 4->4 2x2", () -> Nd.conv(stk, g442, 0, 0, cout));
		time("max reduction", () -> big.max());
		time("add noise", () -> big.add(nz));
		time("add bias", () -> big.add(b));
		time("lrelu", () -> Nd.leakyRelu(big, 0.2f));
		time("clip", () -> big.clip(-256, 256));
		time("mul", () -> big.mul(b));
		root.close();
	}
}
