// A uniform voxel grid over a box: voxel indices, centres, and the voxel that holds a point.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>

namespace dermasim::engine {

struct VoxelGrid {
  std::array<int, 3> count{1, 1, 1};  // voxels along x, y, z
  std::array<double, 3> origin_um{};  // lower corner of the box
  double voxel_um = 20.0;

  std::size_t voxel_total() const {
    return static_cast<std::size_t>(count[0]) * static_cast<std::size_t>(count[1]) *
           static_cast<std::size_t>(count[2]);
  }
  double voxel_volume_um3() const { return voxel_um * voxel_um * voxel_um; }

  // Flat index, x fastest: (k * ny + j) * nx + i.
  std::size_t index(int i, int j, int k) const {
    return (static_cast<std::size_t>(k) * static_cast<std::size_t>(count[1]) +
            static_cast<std::size_t>(j)) *
               static_cast<std::size_t>(count[0]) +
           static_cast<std::size_t>(i);
  }

  double centre_um(int axis, int cell_index) const {
    return origin_um[axis] + (cell_index + 0.5) * voxel_um;
  }

  // Voxel holding a point, or -1 when it lies outside the box.
  long long voxel_of(double x_um, double y_um, double z_um) const {
    const std::array<double, 3> p{x_um, y_um, z_um};
    std::array<int, 3> ijk{};
    for (int axis = 0; axis < 3; ++axis) {
      const double cell = std::floor((p[axis] - origin_um[axis]) / voxel_um);
      if (!(cell >= 0.0) || cell >= count[axis]) return -1;
      ijk[axis] = static_cast<int>(cell);
    }
    return static_cast<long long>(index(ijk[0], ijk[1], ijk[2]));
  }
};

}  // namespace dermasim::engine
