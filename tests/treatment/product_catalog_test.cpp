// The product catalog: the shipped products against their sources, users' product files, and every
// error path of the reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "skin/dermis_layout.hpp"
#include "support/files.hpp"
#include "treatment/product_catalog.hpp"

namespace dermasim::treatment {
namespace {

const std::filesystem::path catalog_path =
    std::filesystem::path(DERMASIM_SOURCE_DIR) / "data" / "products.toml";

std::string said(const Error& error) {
  return error.message + " | " + error.field;
}

ProductCatalog shipped_catalog() {
  auto catalog = ProductCatalog::load(catalog_path);
  EXPECT_TRUE(catalog.has_value()) << said(catalog.error());
  return catalog.value_or(ProductCatalog{});
}

std::filesystem::path write_temporary(const std::string& name, const std::string& text) {
  const auto directory = std::filesystem::path(::testing::TempDir()) / "product_catalog_test";
  std::filesystem::create_directories(directory);
  const auto path = directory / name;
  dermasim::testing::write_text(path, text);
  return path;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// A one-product file in the catalog's format.
const std::string user_product = R"([[product]]
id = "clinic_serum"
name = "Clinic's own growth-factor serum"
source = "human_fibroblast_conditioned_medium"
form = "gel"
evidence = "manufacturer sheet"

[[product.active]]
id = "egf"
molecular_mass_da = 6045
concentration_ng_per_ml = 1.5
human_activity = 1
source = "manufacturer ELISA"

[[product.active]]
id = "niacinamide"
molecular_mass_da = 122.1
concentration_ng_per_ml = 50000000
human_activity = 1
source = "label, 5 %"
)";

TEST(ProductCatalog, ShippedCatalogLoadsWithEveryRequiredProduct) {
  const ProductCatalog catalog = shipped_catalog();
  std::set<ProductSource> sources;
  std::set<ProductForm> forms;
  for (const Product& product : catalog.products()) {
    sources.insert(product.source);
    forms.insert(product.form);
    EXPECT_FALSE(product.evidence.empty()) << product.id;
    EXPECT_FALSE(product.actives.empty()) << product.id;
    for (const ProductActive& active : product.actives) {
      EXPECT_FALSE(active.source.empty()) << product.id << " " << active.id;
      EXPECT_GT(active.molecular_mass_da, 0.0) << product.id << " " << active.id;
    }
  }
  // A product of each source the brief names, and an oral one.
  for (const ProductSource source :
       {ProductSource::plant_extract, ProductSource::ovine_tissue,
        ProductSource::human_fibroblast_conditioned_medium,
        ProductSource::human_msc_conditioned_medium,
        ProductSource::human_adipose_conditioned_medium, ProductSource::platelet_rich_plasma,
        ProductSource::hyaluronic_acid, ProductSource::vitamin})
    EXPECT_EQ(sources.count(source), 1u) << product_source_name(source);
  EXPECT_EQ(forms.count(ProductForm::oral), 1u);
  // Benchmark B2's serum is found by this id.
  auto serum = catalog.find("human_fibroblast_conditioned_medium");
  ASSERT_TRUE(serum.has_value()) << said(serum.error());
  EXPECT_EQ((*serum)->source, ProductSource::human_fibroblast_conditioned_medium);
  EXPECT_EQ((*serum)->form, ProductForm::serum);
  EXPECT_GT((*serum)->active_ng_per_ml(skin::tgf_beta1), 0.0);
}

TEST(ProductCatalog, PlateletRichPlasmaHoldsEppley2004Concentrations) {
  const ProductCatalog catalog = shipped_catalog();
  auto prp = catalog.find("platelet_rich_plasma");
  ASSERT_TRUE(prp.has_value()) << said(prp.error());
  // REFERENCE §E2 (Eppley, Woodell & Higgins 2004): PDGF-BB ≈ 17 ng/mL, TGF-β1 ≈ 77 ng/mL,
  // VEGF ≈ 955 pg/mL, EGF ≈ 470 pg/mL; autologous, so fully active on human receptors.
  EXPECT_DOUBLE_EQ((*prp)->active_ng_per_ml(skin::pdgf), 17.0);
  EXPECT_DOUBLE_EQ((*prp)->active_ng_per_ml(skin::tgf_beta1), 77.0);
  EXPECT_DOUBLE_EQ((*prp)->active_ng_per_ml(skin::vegf), 0.955);
  EXPECT_DOUBLE_EQ((*prp)->active_ng_per_ml(skin::egf), 0.470);
  EXPECT_EQ((*prp)->active_ng_per_ml(skin::il1), 0.0);
  for (const ProductActive& active : (*prp)->actives) {
    EXPECT_NE(active.source.find("[R]"), std::string::npos) << active.id;
  }
}

TEST(ProductCatalog, PlantExtractHasNoHumanActiveFactor) {
  // Plants have no EGF/FGF/PDGF/VEGF/TGF-β family proteins that act on human receptors.
  const ProductCatalog catalog = shipped_catalog();
  for (const Product& product : catalog.products()) {
    if (product.source != ProductSource::plant_extract) continue;
    for (int factor = 0; factor < skin::factor_count; ++factor)
      EXPECT_EQ(product.active_ng_per_ml(factor), 0.0)
          << product.id << " " << skin::dermal_substance_names[static_cast<std::size_t>(factor)];
    for (const ProductActive& active : product.actives) {
      EXPECT_TRUE(active.tissue_factor == std::nullopt || active.human_activity == 0.0)
          << active.id;
      // Small actives only, or a plant peptide without human activity.
      EXPECT_TRUE(active.molecular_mass_da < 1000.0 || active.human_activity == 0.0) << active.id;
    }
  }
}

TEST(ProductCatalog, TissueFactorIdsMapToTheDermisSubstances) {
  const ProductCatalog catalog = shipped_catalog();
  auto prp = catalog.find("platelet_rich_plasma");
  ASSERT_TRUE(prp.has_value());
  for (const ProductActive& active : (*prp)->actives) {
    if (active.id == "igf1") {
      EXPECT_EQ(active.tissue_factor, std::nullopt);
    } else {
      ASSERT_TRUE(active.tissue_factor.has_value()) << active.id;
      EXPECT_EQ(skin::dermal_substance_names[static_cast<std::size_t>(*active.tissue_factor)],
                active.id);
    }
  }
  // Ovine TGF-β1 counts at its assumed human activity.
  auto ovine = catalog.find("ovine_placental_extract");
  ASSERT_TRUE(ovine.has_value());
  for (const ProductActive& active : (*ovine)->actives) {
    if (active.id != "tgf_beta1") continue;
    EXPECT_GT(active.human_activity, 0.5);
    EXPECT_LT(active.human_activity, 1.0);
    EXPECT_DOUBLE_EQ((*ovine)->active_ng_per_ml(skin::tgf_beta1),
                     active.concentration_ng_per_ml * active.human_activity);
  }
}

TEST(ProductCatalog, UnknownProductIsNotFoundWithSuggestion) {
  const ProductCatalog catalog = shipped_catalog();
  auto missing = catalog.find("platelet_rich_plasm");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().category, ErrorCategory::not_found);
  EXPECT_NE(missing.error().message.find("did you mean 'platelet_rich_plasma'"), std::string::npos)
      << said(missing.error());
}

TEST(ProductCatalog, UserFileAddsProducts) {
  ProductCatalog catalog = shipped_catalog();
  const std::size_t shipped = catalog.products().size();
  auto added = catalog.add_file(write_temporary("user.toml", user_product));
  ASSERT_TRUE(added.has_value()) << said(added.error());
  EXPECT_EQ(catalog.products().size(), shipped + 1);
  auto serum = catalog.find("clinic_serum");
  ASSERT_TRUE(serum.has_value()) << said(serum.error());
  EXPECT_EQ((*serum)->form, ProductForm::gel);
  EXPECT_DOUBLE_EQ((*serum)->active_ng_per_ml(skin::egf), 1.5);
  EXPECT_EQ((*serum)->actives[1].tissue_factor, std::nullopt);
}

TEST(ProductCatalog, DuplicateProductInAddedFileIsAConflictNamingBothFiles) {
  ProductCatalog catalog = shipped_catalog();
  const std::size_t shipped = catalog.products().size();
  const auto path =
      write_temporary("clash.toml", user_product + "\n" +
                                        replaced(user_product, "id = \"clinic_serum\"",
                                                 "id = \"human_fibroblast_conditioned_medium\""));
  auto added = catalog.add_file(path);
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().category, ErrorCategory::conflict);
  const std::string text = said(added.error());
  EXPECT_NE(text.find("human_fibroblast_conditioned_medium"), std::string::npos) << text;
  EXPECT_NE(text.find(catalog_path.string()), std::string::npos) << text;
  EXPECT_NE(text.find(path.string()), std::string::npos) << text;
  // Nothing of the failed file was added.
  EXPECT_EQ(catalog.products().size(), shipped);
  EXPECT_FALSE(catalog.find("clinic_serum").has_value());
}

struct BadFile {
  const char* what;
  std::string from, to;
  const char* expected;  // in the message or the field
};

TEST(ProductCatalog, BadInputNamesTheFilePositionAndWhatToFix) {
  const BadFile cases[] = {
      {"negative concentration", "concentration_ng_per_ml = 1.5", "concentration_ng_per_ml = -1",
       "product[0].active[0].concentration_ng_per_ml"},
      {"negative concentration says the bound", "concentration_ng_per_ml = 1.5",
       "concentration_ng_per_ml = -1", "must be >= 0"},
      {"zero mass", "molecular_mass_da = 6045", "molecular_mass_da = 0",
       "product[0].active[0].molecular_mass_da"},
      {"human activity above one", "human_activity = 1\nsource = \"manufacturer ELISA\"",
       "human_activity = 1.5\nsource = \"manufacturer ELISA\"",
       "product[0].active[0].human_activity"},
      {"negative human activity", "human_activity = 1\nsource = \"manufacturer ELISA\"",
       "human_activity = -0.1\nsource = \"manufacturer ELISA\"", "must be in [0, 1]"},
      {"unknown field", "human_activity = 1\nsource = \"manufacturer ELISA\"",
       "human_activty = 1\nsource = \"manufacturer ELISA\"", "did you mean 'human_activity'"},
      {"unknown product field", "form = \"gel\"", "form = \"gel\"\nshelf_life_months = 12",
       "product[0].shelf_life_months"},
      {"unknown source", "source = \"human_fibroblast_conditioned_medium\"",
       "source = \"human_fibroblast_medium\"", "product[0].source"},
      {"unknown source suggests", "source = \"human_fibroblast_conditioned_medium\"",
       "source = \"platelet_rich_plasm\"", "did you mean 'platelet_rich_plasma'"},
      {"unknown form", "form = \"gel\"", "form = \"spray\"", "product[0].form"},
      {"duplicate active", "id = \"niacinamide\"", "id = \"egf\"", "duplicate active 'egf'"},
      {"missing concentration", "concentration_ng_per_ml = 1.5\n", "",
       "product[0].active[0].concentration_ng_per_ml"},
      {"id not snake_case", "id = \"clinic_serum\"", "id = \"Clinic Serum\"", "snake_case"},
      {"no evidence", "evidence = \"manufacturer sheet\"\n", "", "product[0].evidence"},
  };
  for (const BadFile& c : cases) {
    const auto path = write_temporary("bad.toml", replaced(user_product, c.from, c.to));
    auto catalog = ProductCatalog::load(path);
    ASSERT_FALSE(catalog.has_value()) << c.what;
    EXPECT_EQ(catalog.error().category, ErrorCategory::invalid_input) << c.what;
    EXPECT_NE(said(catalog.error()).find(c.expected), std::string::npos)
        << c.what << ": " << said(catalog.error());
    // Every error names the file with a line and column.
    EXPECT_EQ(catalog.error().field.rfind(path.string() + ":", 0), 0u)
        << c.what << ": " << said(catalog.error());
  }
}

TEST(ProductCatalog, DuplicateProductInOneFileIsInvalidInput) {
  const auto path = write_temporary("twice.toml", user_product + "\n" + user_product);
  auto catalog = ProductCatalog::load(path);
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(said(catalog.error()).find("duplicate product 'clinic_serum'"), std::string::npos)
      << said(catalog.error());
  EXPECT_NE(catalog.error().field.find("product[1].id"), std::string::npos)
      << said(catalog.error());
}

TEST(ProductCatalog, EmptyAndMalformedFilesAreInvalidInput) {
  for (const std::string& text : {std::string("# nothing\n"), std::string("[[product]\nid = ")}) {
    auto catalog = ProductCatalog::load(write_temporary("empty.toml", text));
    ASSERT_FALSE(catalog.has_value()) << text;
    EXPECT_EQ(catalog.error().category, ErrorCategory::invalid_input) << text;
  }
}

TEST(ProductCatalog, OversizedFileIsRefused) {
  const std::string padding(1024 * 1024 + 1, '#');
  auto catalog = ProductCatalog::load(write_temporary("huge.toml", padding + "\n" + user_product));
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().category, ErrorCategory::invalid_input);
  EXPECT_NE(catalog.error().message.find("the limit is 1 MiB"), std::string::npos)
      << said(catalog.error());
}

TEST(ProductCatalog, MissingFileIsNotFound) {
  auto catalog = ProductCatalog::load(catalog_path.parent_path() / "no_such_products.toml");
  ASSERT_FALSE(catalog.has_value());
  EXPECT_EQ(catalog.error().category, ErrorCategory::not_found);
  ProductCatalog shipped = shipped_catalog();
  auto added = shipped.add_file(catalog_path.parent_path() / "no_such_products.toml");
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().category, ErrorCategory::not_found);
}

}  // namespace
}  // namespace dermasim::treatment
