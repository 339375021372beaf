-- Catalog search: a case-insensitive substring match (ILIKE '%term%') over the listed columns
-- of store and product. Trigram GIN indexes let PostgreSQL answer it without a full scan
-- (a BitmapOr over the per-column indexes). pg_trgm is a trusted extension, so the database
-- owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX store_code_trgm_idx ON store USING gin (code gin_trgm_ops);
CREATE INDEX store_name_trgm_idx ON store USING gin (name gin_trgm_ops);
CREATE INDEX store_region_trgm_idx ON store USING gin (region gin_trgm_ops);
CREATE INDEX store_city_trgm_idx ON store USING gin (city gin_trgm_ops);

CREATE INDEX product_sku_trgm_idx ON product USING gin (sku gin_trgm_ops);
CREATE INDEX product_name_trgm_idx ON product USING gin (name gin_trgm_ops);
CREATE INDEX product_category_trgm_idx ON product USING gin (category gin_trgm_ops);
CREATE INDEX product_brand_trgm_idx ON product USING gin (brand gin_trgm_ops);
