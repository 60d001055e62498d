#!/usr/bin/env python3
"""Export the ONNX test fixtures of @rfkit/onnx.

Needs PyTorch, torchvision and onnx (on Debian 12: `apt-get install python3-torch
python3-torchvision python3-onnx`, then run with /usr/bin/python3). CI never runs this: the
fixtures it writes are committed. No weights are downloaded (weights=None everywhere), and the
weight data is stripped from every file so that each stays small: initializers keep their name,
data type and dims (the importer reads kernel sizes from them), only their values are dropped.
Small initializers (at most SMALL_ELEMENTS values: shapes, scales, pads) keep their data because
the importer reads them.

Usage: /usr/bin/python3 packages/onnx/scripts/export_fixtures.py [OUT_DIR]
"""

import io
from collections import OrderedDict
import os
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OPSET = 13
SMALL_ELEMENTS = 64
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "fixtures")


class SmallUNet(nn.Module):
    """A two-level U-Net: ConvTranspose and nearest upsampling, skip concatenations, a Pad."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
                nn.Conv2d(cout, cout, 3, padding=1),
                nn.ReLU(inplace=True),
            )

        self.enc1 = block(3, 8)
        self.pool1 = nn.MaxPool2d(2)
        self.enc2 = block(8, 16)
        self.pool2 = nn.MaxPool2d(2)
        self.mid = block(16, 32)
        self.up2 = nn.ConvTranspose2d(32, 16, kernel_size=2, stride=2)
        self.dec2 = block(32, 16)
        self.up1 = nn.Upsample(scale_factor=2, mode="nearest")
        self.red1 = nn.Conv2d(16, 8, 1)
        self.dec1 = block(16, 8)
        self.head = nn.Conv2d(8, 2, 1)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool1(e1))
        m = self.mid(self.pool2(e2))
        d2 = self.dec2(torch.cat([self.up2(m), e2], dim=1))
        d1 = self.dec1(torch.cat([self.red1(self.up1(d2)), e1], dim=1))
        return self.head(d1)


class OpsZoo(nn.Module):
    """Less common geometry in one graph: asymmetric Pad, grouped/depthwise/dilated convs, ceil_mode
    and count_include_pad pools, LpPool, a crop (Slice), interpolation to another tensor's size
    (a Resize whose sizes come from Shape ops), ConvTranspose with output_padding, Mul merge."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, stride=2)
        self.dw = nn.Conv2d(8, 8, 3, padding=2, dilation=2, groups=8)
        self.grp = nn.Conv2d(8, 16, (3, 5), padding=(1, 2), groups=4)
        self.pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)
        self.avg = nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)
        self.lp = nn.LPPool2d(2, 2, stride=2)
        self.gate = nn.Conv2d(16, 16, 1)
        self.up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1, output_padding=1)
        self.side = nn.Conv2d(16, 8, 5, padding=3)

    def forward(self, x):
        x = F.pad(x, (0, 1, 0, 1))  # TF-style asymmetric SAME padding: right/bottom only
        x = F.relu(self.c1(x))
        x = self.dw(x)
        x = self.grp(x)
        y = self.pool(x)
        y = self.avg(y)
        y = self.lp(y)
        y = y * torch.sigmoid(self.gate(y))
        y = self.up(y)
        s = self.side(x)[:, :, 1:-1, 1:-1]
        y = F.interpolate(y, size=s.shape[2:], mode="nearest")
        return torch.cat([y, s], dim=1)


class Conv1dNet(nn.Module):
    """A 1-D model (audio-style): strided and dilated Conv1d, MaxPool1d, global average pooling."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(1, 16, 10, stride=5, padding=3)
        self.c2 = nn.Conv1d(16, 32, 3, dilation=2, padding=2)
        self.pool = nn.MaxPool1d(4, stride=4)
        self.c3 = nn.Conv1d(32, 32, 3, stride=2, padding=1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.c1(x))
        x = F.relu(self.c2(x))
        x = self.pool(x)
        x = F.relu(self.c3(x))
        x = x.mean(dim=2)
        return self.fc(x)


def strip_weights(model: onnx.ModelProto) -> None:
    for init in model.graph.initializer:
        n = 1
        for d in init.dims:
            n *= d
        if n <= SMALL_ELEMENTS:
            continue
        dims, dtype, name = list(init.dims), init.data_type, init.name
        init.Clear()
        init.name = name
        init.data_type = dtype
        init.dims.extend(dims)
    for node in model.graph.node:
        if node.op_type != "Constant":
            continue
        for attr in node.attribute:
            if attr.name == "value" and attr.t.dims:
                n = 1
                for d in attr.t.dims:
                    n *= d
                if n > SMALL_ELEMENTS:
                    dims, dtype = list(attr.t.dims), attr.t.data_type
                    attr.t.Clear()
                    attr.t.data_type = dtype
                    attr.t.dims.extend(dims)


def export(name: str, model: nn.Module, shape, dynamic_axes=None) -> None:
    model.eval()
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            model,
            torch.zeros(*shape),
            buf,
            opset_version=OPSET,
            input_names=["input"],
            output_names=["output"],
            dynamic_axes=dynamic_axes,
            do_constant_folding=True,
        )
    proto = onnx.load_from_string(buf.getvalue())
    strip_weights(proto)
    proto.producer_name = "rfkit export_fixtures.py (pytorch " + torch.__version__ + ")"
    path = os.path.join(OUT, name + ".onnx")
    with open(path, "wb") as f:
        f.write(proto.SerializeToString())
    print(f"{name:24s} {os.path.getsize(path):8d} bytes, {len(proto.graph.node)} nodes")


def main() -> None:
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    tv = torchvision.models
    img = (1, 3, 224, 224)
    export("alexnet", tv.alexnet(weights=None), img)
    export("vgg16", tv.vgg16(weights=None), img)
    export("resnet18", tv.resnet18(weights=None), img)
    export("resnet50", tv.resnet50(weights=None), img)
    export("mobilenet_v2", tv.mobilenet_v2(weights=None), img)
    export("googlenet", tv.googlenet(weights=None, aux_logits=False, init_weights=False), img)
    export("squeezenet1_0", tv.squeezenet1_0(weights=None), img)
    # A dilated segmentation backbone (DeepLab-style output stride 8); the trunk only, no head.
    dilated = tv.resnet50(weights=None, replace_stride_with_dilation=[False, True, True])
    # Keeping the children's names keeps the ONNX node names (layer4.2.conv2, …) readable.
    trunk = nn.Sequential(OrderedDict(list(dilated.named_children())[:-2]))
    export("resnet50_dilated", trunk, (1, 3, 512, 512))
    # The same classifier with symbolic height and width: no input size in the file.
    export(
        "resnet18_dynamic",
        tv.resnet18(weights=None),
        img,
        dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}, "output": {0: "batch"}},
    )
    export("unet_small", SmallUNet(), (1, 3, 32, 32))
    export("ops_zoo", OpsZoo(), (1, 3, 64, 64))
    export("conv1d", Conv1dNet(), (1, 1, 16000))


if __name__ == "__main__":
    main()
