-- Reverts 0002_catalog_search.up.sql. The extension is dropped too: this migration created it
-- (nothing else in the schema uses it).
DROP INDEX product_brand_trgm_idx;
DROP INDEX product_category_trgm_idx;
DROP INDEX product_name_trgm_idx;
DROP INDEX product_sku_trgm_idx;
DROP INDEX store_city_trgm_idx;
DROP INDEX store_region_trgm_idx;
DROP INDEX store_name_trgm_idx;
DROP INDEX store_code_trgm_idx;
DROP EXTENSION IF EXISTS pg_trgm;
