// Drag GAN example 4: train a small generator for your own images, then generate from it.
// Opens a folder of images as one stack, runs Drag GAN Train... on that stack (grey, centre-cropped,
// resized to res), then Drag GAN Generate... with the new model, and saves the samples and a
// generated image (with its latent: drag it next) next to the model.
//
//   ./draggan imagej -batch macros/train_on_stack.ijm
//   ./draggan imagej -batch macros/train_on_stack.ijm "data=[/path/to/images] out=[/tmp/my-model.safetensors] kimg=10"
//
// With no arguments it trains for a few seconds on the three images of test-images/batch (to show the
// workflow; the model learns nothing in so short a run) and writes to the temp folder.
// data: a folder of .tif/.png images (e.g. ./draggan synth cells --n 5000 --res 64 --out data/cells64)
// kimg: training length in thousands of images shown (a CPU does about 30-60 kimg per hour at 64 px; default 0.064)
// res, batch, snapshot_every, channel_base, channel_max, lr, gamma: as Drag GAN Train... (its defaults when not given)

arg = getArgument();
here = File.getDirectory(getInfo("macro.filepath"));
data = call("ij.Macro.getValue", arg, "data", here + ".." + File.separator + "test-images" + File.separator + "batch");
out = call("ij.Macro.getValue", arg, "out", getDirectory("temp") + "draggan" + File.separator + "train-example.safetensors");
kimg = call("ij.Macro.getValue", arg, "kimg", "0.064");
options = "";
keys = newArray("res", "batch", "snapshot_every", "channel_base", "channel_max", "lr", "gamma");
for (i = 0; i < keys.length; i++) {
	v = call("ij.Macro.getValue", arg, keys[i], "");
	if (v != "") options = options + " " + keys[i] + "=" + v;
}
File.makeDirectory(File.getParent(out));

setBatchMode(true);
files = getFileList(data);
tifs = 0;
for (i = 0; i < files.length; i++) if (endsWith(toLowerCase(files[i]), ".tif")) tifs++;
if (tifs > 1) File.openSequence(data, " filter=.tif"); // e.g. test-images/batch, whose points.csv is no image
else File.openSequence(data);
print("training on " + nSlices + " images from " + data);
run("Drag GAN Train...", "out=[" + out + "] kimg=" + kimg + options);
// the samples stack (one grid per snapshot) is now the active image
stem = replace(out, "\\.safetensors$", "");
saveAs("Tiff", stem + "-samples.tif");
run("Drag GAN Generate...", "model=[" + out + "] seed=1 psi=0.7");
saveAs("Tiff", stem + "-seed1.tif");
print("train example done: " + out);
