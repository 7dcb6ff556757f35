-- Runs once, when the postgres container initialises an empty data folder: one database per service.
CREATE DATABASE usersdb;
CREATE DATABASE pointsdb;
