// Reads product files (data/products.toml and users' files) into the product catalog.
#include "treatment/product_catalog.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/toml_reader.hpp"
#include "skin/dermis_layout.hpp"

namespace dermasim::treatment {
namespace {

using engine::detail::Choice;
using engine::detail::Presence;
using engine::detail::Range;
using engine::detail::read_each;
using engine::detail::TableReader;

constexpr auto required = Presence::required;
constexpr double same = engine::detail::same_unit;
constexpr Range mass_range{.min = 0.0, .min_inclusive = false, .max = 1e8};
constexpr Range activity_range{.min = 0.0, .max = 1.0};
constexpr std::size_t max_actives_per_product = 100;

constexpr std::array<Choice<ProductSource>, 9> source_choices = {{
    {"plant_extract", ProductSource::plant_extract},
    {"ovine_tissue", ProductSource::ovine_tissue},
    {"human_fibroblast_conditioned_medium", ProductSource::human_fibroblast_conditioned_medium},
    {"human_msc_conditioned_medium", ProductSource::human_msc_conditioned_medium},
    {"human_adipose_conditioned_medium", ProductSource::human_adipose_conditioned_medium},
    {"platelet_rich_plasma", ProductSource::platelet_rich_plasma},
    {"hyaluronic_acid", ProductSource::hyaluronic_acid},
    {"vitamin", ProductSource::vitamin},
    {"other", ProductSource::other},
}};

constexpr std::array<Choice<ProductForm>, 6> form_choices = {{
    {"serum", ProductForm::serum},
    {"gel", ProductForm::gel},
    {"cream", ProductForm::cream},
    {"injectable", ProductForm::injectable},
    {"oral", ProductForm::oral},
    {"graft", ProductForm::graft},
}};

template <class Enum, std::size_t count>
std::string_view name_of(const std::array<Choice<Enum>, count>& choices, Enum value) {
  for (const Choice<Enum>& choice : choices) {
    if (choice.value == value) return choice.text;
  }
  return "unknown";
}

// Lower-case letters, digits and underscores, starting with a letter.
bool is_snake_case(std::string_view text) {
  if (text.empty() || text.front() < 'a' || text.front() > 'z') return false;
  return std::ranges::all_of(
      text, [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void read_id(TableReader& r, std::string& id) {
  r.read_string("id", required, id);
  if (!id.empty() && !is_snake_case(id)) {
    r.fail("id", "'" + id +
                     "' is not snake_case (lower-case letters, digits, '_', starting with a " +
                     "letter)");
  }
}

std::optional<int> tissue_factor_of(std::string_view id) {
  for (int factor = 0; factor < skin::factor_count; ++factor) {
    if (skin::dermal_substance_names[static_cast<std::size_t>(factor)] == id) return factor;
  }
  return std::nullopt;
}

void read_active(TableReader& r, Product& product, std::vector<std::string>& first_location) {
  ProductActive active;
  read_id(r, active.id);
  r.read_number("molecular_mass_da", mass_range, same, required, active.molecular_mass_da);
  r.read_number("concentration_ng_per_ml", engine::detail::non_negative, same, required,
                active.concentration_ng_per_ml);
  r.read_number("human_activity", activity_range, same, required, active.human_activity);
  r.read_string("source", required, active.source);
  if (r.failed()) return;
  const auto same_id = [&](const ProductActive& other) { return other.id == active.id; };
  if (const auto found = std::ranges::find_if(product.actives, same_id);
      found != product.actives.end()) {
    const auto index = static_cast<std::size_t>(found - product.actives.begin());
    return r.fail("id", "duplicate active '" + active.id + "' in product '" + product.id +
                            "', first given at " + first_location[index] +
                            "; give each active once");
  }
  active.tissue_factor = tissue_factor_of(active.id);
  first_location.push_back(r.location("id"));
  product.actives.push_back(std::move(active));
}

void read_product(TableReader& r, std::vector<Product>& products) {
  Product product;
  read_id(r, product.id);
  r.read_string("name", required, product.name);
  r.read_choice<ProductSource>("source", source_choices, product.source, required);
  r.read_choice<ProductForm>("form", form_choices, product.form, required);
  r.read_string("evidence", required, product.evidence);
  // Read even after an error, so that the key is known: an unknown key hides other errors.
  std::vector<std::string> first_location;
  read_each(r, "active", max_actives_per_product,
            [&](TableReader& active) { read_active(active, product, first_location); });
  if (r.failed()) return;
  const auto same_id = [&](const Product& other) { return other.id == product.id; };
  if (const auto found = std::ranges::find_if(products, same_id); found != products.end()) {
    return r.fail("id", "duplicate product '" + product.id + "', first given at " +
                            found->defined_at + "; give each product once");
  }
  product.defined_at = r.location("id");
  products.push_back(std::move(product));
}

Result<std::vector<Product>> read_product_file(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(const toml::table root, engine::detail::parse_toml_file(
                                                  path, engine::detail::mebibyte, "product file"));
  const std::string file = path.string();
  TableReader reader(root, "", file);
  std::vector<Product> products;
  read_each(reader, "product", engine::detail::max_table_count,
            [&](TableReader& r) { read_product(r, products); });
  if (!reader.failed() && products.empty())
    reader.fail("product", "no [[product]] in the file; give at least one");
  DERMASIM_TRY(reader.finish());
  return products;
}

}  // namespace

std::string_view product_source_name(ProductSource source) {
  return name_of(source_choices, source);
}

std::string_view product_form_name(ProductForm form) {
  return name_of(form_choices, form);
}

double Product::growth_factor_ng_per_ml() const {
  double total = 0.0;
  for (int f = 0; f < skin::il1; ++f) total += active_ng_per_ml(f);
  return total;
}

double Product::active_ng_per_ml(int factor) const {
  double total = 0.0;
  for (const ProductActive& active : actives) {
    if (active.tissue_factor == factor)
      total += active.concentration_ng_per_ml * active.human_activity;
  }
  return total;
}

Result<ProductCatalog> ProductCatalog::load(const std::filesystem::path& path) {
  ProductCatalog catalog;
  DERMASIM_TRY_ASSIGN(catalog.m_products, read_product_file(path));
  return catalog;
}

Status ProductCatalog::add_file(const std::filesystem::path& path) {
  DERMASIM_TRY_ASSIGN(std::vector<Product> added, read_product_file(path));
  for (const Product& product : added) {
    const auto same_id = [&](const Product& other) { return other.id == product.id; };
    if (const auto found = std::ranges::find_if(m_products, same_id); found != m_products.end()) {
      return fail(Error::conflict("product '" + product.id + "' is already in the catalog (" +
                                      found->defined_at + "); give it another id",
                                  product.defined_at));
    }
  }
  m_products.insert(m_products.end(), std::make_move_iterator(added.begin()),
                    std::make_move_iterator(added.end()));
  return {};
}

Result<const Product*> ProductCatalog::find(std::string_view id) const {
  std::vector<std::string> ids;
  for (const Product& product : m_products) {
    if (product.id == id) return &product;
    ids.push_back(product.id);
  }
  return fail(Error::not_found(
      "no product '" + std::string(id) + "' in the catalog" + engine::detail::suggestion(id, ids),
      std::string(id)));
}

}  // namespace dermasim::treatment
