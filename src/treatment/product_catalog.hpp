// Product catalog: the composition of each product (growth factors, cytokines, small actives) by
// source.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace dermasim::treatment {

enum class ProductSource {
  plant_extract,
  ovine_tissue,
  human_fibroblast_conditioned_medium,
  human_msc_conditioned_medium,
  human_adipose_conditioned_medium,
  platelet_rich_plasma,
  hyaluronic_acid,
  vitamin,
  other
};

enum class ProductForm { serum, gel, cream, injectable, oral, graft };

// The names the product file uses.
std::string_view product_source_name(ProductSource source);
std::string_view product_form_name(ProductForm form);

struct ProductActive {
  std::string id;
  double molecular_mass_da = 0;
  double concentration_ng_per_ml = 0;
  double human_activity = 1;  // share of human receptor activity, 0–1
  std::string source;         // citation or evidence tag of the numbers
  // Index into skin::DermalSubstance when `id` names one of the twelve tissue factors, else none.
  std::optional<int> tissue_factor;
};

struct Product {
  std::string id, name, evidence;
  ProductSource source = ProductSource::other;
  ProductForm form = ProductForm::serum;
  std::vector<ProductActive> actives;
  std::string defined_at;  // "file:line:column" of its id, for messages

  // Human-active concentration of tissue factor `factor` (concentration × human_activity), 0 when
  // absent.
  double active_ng_per_ml(int factor) const;

  // Human-active concentration of all its growth factors (the dermal factors before IL-1).
  double growth_factor_ng_per_ml() const;
};

class ProductCatalog {
 public:
  // The project catalog (data/products.toml).
  static Result<ProductCatalog> load(const std::filesystem::path& path);

  // A user's product file, same format. A product id already present is a conflict naming both
  // files; on any error the catalog is left unchanged. Invalidates pointers from find().
  Status add_file(const std::filesystem::path& path);

  // not_found with a did-you-mean suggestion.
  Result<const Product*> find(std::string_view id) const;

  const std::vector<Product>& products() const { return m_products; }

 private:
  std::vector<Product> m_products;
};

}  // namespace dermasim::treatment
