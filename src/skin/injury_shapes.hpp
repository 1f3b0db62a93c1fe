// Shapes of tissue damage in block coordinates (z up, the skin surface at the top of the block)
// and the kinds of damage a voxel can take.
#pragma once

namespace dermasim::skin {

// A vertical cylinder from the top of the block down to bottom_z_um.
struct Cylinder {
  double x_um = 0.0, y_um = 0.0, radius_um = 0.0, bottom_z_um = 0.0;
  bool contains(double x, double y, double z) const {
    const double dx = x - x_um, dy = y - y_um;
    return z >= bottom_z_um && dx * dx + dy * dy <= radius_um * radius_um;
  }
};

struct Sphere {
  double x_um = 0.0, y_um = 0.0, z_um = 0.0, radius_um = 0.0;
  bool contains(double x, double y, double z) const {
    const double dx = x - x_um, dy = y - y_um, dz = z - z_um;
    return dx * dx + dy * dy + dz * dz <= radius_um * radius_um;
  }
};

// How a voxel is hurt: cells and matrix gone (bleeding where vessels were), coagulated by heat,
// or only its cells pushed aside.
enum class Damage { removed, coagulated, displaced };

}  // namespace dermasim::skin
