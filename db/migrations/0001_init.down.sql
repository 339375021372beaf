-- Reverts 0001_init.up.sql: drops every object it created (indexes go with their tables).
DROP TABLE model_selection_candidate;
DROP TABLE model_selection_run;
DROP TABLE sales_daily;
DROP TABLE promotion;
DROP TABLE calendar;
DROP TABLE product;
DROP TABLE store;
